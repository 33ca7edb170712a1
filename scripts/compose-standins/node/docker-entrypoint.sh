#!/bin/sh
set -e
# As the official image: `docker run node:22 -e '...'` or `... script.js` runs node.
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}" 2>/dev/null)" ]; then
  set -- node "$@"
fi
exec "$@"
