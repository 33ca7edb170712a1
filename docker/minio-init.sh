#!/bin/sh
# One-shot MinIO setup, run by the minio-init service (image minio/mc) after MinIO is healthy.
# Idempotent: safe on every `docker compose up`.
#   1. the bucket (S3_BUCKET), private
#   2. the appliance's own MinIO user (S3_ACCESS_KEY / S3_SECRET_KEY) limited to that bucket,
#      so the appliance never holds MinIO's root credentials
#   3. the bucket lifecycle rule for uploads never finished (see below)
# Environment: MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, INCOMPLETE_UPLOAD_EXPIRY_DAYS (stack.env);
# S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY (docker/.env, passed by compose.yml).
set -eu

: "${MINIO_ROOT_USER:?MINIO_ROOT_USER is not set (docker/stack.env)}"
: "${MINIO_ROOT_PASSWORD:?MINIO_ROOT_PASSWORD is not set (docker/stack.env)}"
: "${S3_BUCKET:?S3_BUCKET is not set (docker/.env)}"
: "${S3_ACCESS_KEY:?S3_ACCESS_KEY is not set (docker/.env)}"
: "${S3_SECRET_KEY:?S3_SECRET_KEY is not set (docker/.env)}"
days="${INCOMPLETE_UPLOAD_EXPIRY_DAYS:-3}"
alias=local
policy=biblio-app

for value in "$MINIO_ROOT_PASSWORD" "$S3_SECRET_KEY"; do
  case "$value" in
    *CHANGE_ME*) echo "minio-init: replace the CHANGE_ME placeholders in docker/.env and docker/stack.env (bash docker/init-env.sh does it)" >&2; exit 1 ;;
  esac
done
case "$days" in
  ''|*[!0-9]*|0) echo "minio-init: INCOMPLETE_UPLOAD_EXPIRY_DAYS must be a whole number of days >= 1, got '$days'" >&2; exit 1 ;;
esac

mc alias set "$alias" http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null

# 1. Bucket, no anonymous access (playback uses presigned URLs).
mc mb --ignore-existing "$alias/$S3_BUCKET"
mc anonymous set none "$alias/$S3_BUCKET"

# 2. The appliance's user and its bucket-scoped policy (tus multipart uploads, tags, derived
#    assets, presigned reads, sweeper listings and deletes).
if [ "$S3_ACCESS_KEY" = "$MINIO_ROOT_USER" ]; then
  echo "minio-init: S3_ACCESS_KEY is the MinIO root user: the appliance will use root credentials (not recommended)"
else
  cat >/tmp/biblio-policy.json <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET"]
    },
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject", "s3:PutObject", "s3:DeleteObject",
        "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:DeleteObjectTagging",
        "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"
      ],
      "Resource": ["arn:aws:s3:::$S3_BUCKET/*"]
    }
  ]
}
EOF
  mc admin policy create "$alias" "$policy" /tmp/biblio-policy.json
  # Creates the user, or sets its secret again (so a rotated S3_SECRET_KEY takes effect).
  mc admin user add "$alias" "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
  if ! mc admin policy attach "$alias" "$policy" --user "$S3_ACCESS_KEY" 2>/tmp/attach.err; then
    # Attaching an already attached policy is reported as an error; anything else is one.
    if mc admin user info "$alias" "$S3_ACCESS_KEY" | grep -q "$policy"; then
      echo "minio-init: policy $policy already attached to $S3_ACCESS_KEY"
    else
      cat /tmp/attach.err >&2
      exit 1
    fi
  fi
fi

# 3. Lifecycle. @tus/s3-store tags the objects of an upload in progress (its .info and .part
#    objects) Tus-Completed=false and flips the tag when the upload completes; objects still
#    tagged false after INCOMPLETE_UPLOAD_EXPIRY_DAYS belong to uploads nobody finished. Keep
#    the number of days above BIBLIO_UPLOAD_TTL, or a slow upload would lose its state.
#    The multipart uploads themselves: MinIO does not implement the S3 lifecycle action
#    AbortIncompleteMultipartUpload (it rejects such a rule); it aborts stale multipart uploads
#    itself after MINIO_API_STALE_UPLOADS_EXPIRY (stack.env), and the appliance's sweeper aborts
#    those of expired uploads as well.
#    The bucket belongs to Biblio: its rules are replaced as a whole (remove all, add ours), so
#    running this again does not pile up rules.
mc ilm rule rm --all --force "$alias/$S3_BUCKET" >/dev/null 2>&1 || true
mc ilm rule add --tags "Tus-Completed=false" --expire-days "$days" "$alias/$S3_BUCKET"

# An expiration rule that lost its tag filter would delete every object of the bucket after
# $days days: check that each rule carries the tag, and remove them all if one does not.
rules="$(mc ilm rule ls --json "$alias/$S3_BUCKET")"
total="$(printf '%s\n' "$rules" | grep -c '"ID":' || true)"
tagged="$(printf '%s\n' "$rules" | grep -c '"Tus-Completed"' || true)"
if [ "$total" -lt 1 ] || [ "$total" != "$tagged" ]; then
  mc ilm rule rm --all --force "$alias/$S3_BUCKET" >/dev/null 2>&1 || true
  echo "minio-init: the lifecycle rule did not keep its Tus-Completed=false filter; removed it. Rules read back:" >&2
  printf '%s\n' "$rules" >&2
  exit 1
fi
mc ilm rule ls "$alias/$S3_BUCKET"
echo "minio-init: bucket $S3_BUCKET ready"
