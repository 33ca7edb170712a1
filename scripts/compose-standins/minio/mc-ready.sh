#!/bin/sh
# `mc ready local` (the compose healthcheck) and nothing else: S3 answers on :9000.
[ "$1" = ready ] || { echo "mc stand-in in the minio image: only 'mc ready local'" >&2; exit 2; }
curl -fsS -o /dev/null --max-time 4 http://127.0.0.1:9000/
