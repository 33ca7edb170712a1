#!/usr/bin/env bash
# Creates docker/.env and docker/stack.env from their examples with fresh random secrets (the
# PostgreSQL password, shared by DATABASE_URL and POSTGRES_PASSWORD; the appliance's MinIO
# secret key; MinIO's root password). Refuses to overwrite existing files.
#   bash docker/init-env.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

for file in .env stack.env; do
  if [ -e "$file" ]; then
    echo "init-env: docker/$file already exists; not overwriting it (delete it first to start over)" >&2
    exit 1
  fi
done

# 48 hex characters: no character that compose, a URL or a shell would reinterpret.
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
postgres_password="$(secret)"
s3_secret_key="$(secret)"
minio_root_password="$(secret)"

umask 077
sed -e "s/CHANGE_ME_POSTGRES_PASSWORD/$postgres_password/" \
    -e "s/CHANGE_ME_S3_SECRET_KEY/$s3_secret_key/" \
    .env.example >.env
sed -e "s/CHANGE_ME_POSTGRES_PASSWORD/$postgres_password/" \
    -e "s/CHANGE_ME_MINIO_ROOT_PASSWORD/$minio_root_password/" \
    stack.env.example >stack.env

if grep -v '^#' .env stack.env | grep -q CHANGE_ME; then
  echo "init-env: a CHANGE_ME placeholder is left in docker/.env or docker/stack.env" >&2
  exit 1
fi
echo "init-env: wrote docker/.env and docker/stack.env (mode 600). Review them, then:"
echo "  docker compose -f docker/compose.yml up -d --build"
