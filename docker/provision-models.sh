#!/usr/bin/env bash
# Downloads the model files listed in docker/models.sha256 into the models directory and
# checks each one's SHA-256 before it is put in place. Idempotent: files already present and
# matching are left alone, so a second run downloads nothing (and works offline).
#
# usage: provision-models.sh [--dest DIR] [--manifest FILE] [--trust-on-first-use]
#                            [--verify-only] [--strict]
#   --dest DIR              models directory (default: $BIBLIO_MODELS_DIR, else /models)
#   --manifest FILE         checksum list (default: models.sha256 next to this script)
#   --trust-on-first-use    accept files listed as UNVERIFIED: record the SHA-256 computed now
#                           in DIR/.tofu.sha256 and check later runs against it
#   --verify-only           download nothing; check what is present
#   --strict                exit 2 when an UNVERIFIED file was refused (default: warn, exit 0)
#   --models LIST           which models: all (default), none, or a comma-separated list of
#                           the manifest's top folders (whisper,embeddings). Default:
#                           $BIBLIO_MODELS, else all. `none` completes at once, downloading
#                           nothing (the appliance then uses pocketsphinx and hashing).
#
# Exit status: 0 when every verified file is in place (refused UNVERIFIED files are reported
# and left out, so the appliance falls back to another engine), 1 when a download fails or a
# file does not match its checksum, 2 with --strict when an UNVERIFIED file was refused,
# 64 for a usage error.
#
# In compose this runs as the one-shot `models` service; api and worker start only after it
# completed successfully:
#   docker compose -f docker/compose.yml run --rm models --trust-on-first-use
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${BIBLIO_MODELS_DIR:-/models}"
manifest="$here/models.sha256"
tofu=0 verify_only=0 strict=0
models="${BIBLIO_MODELS:-all}"

while [ $# -gt 0 ]; do
  case "$1" in
    --dest) dest="${2:?--dest needs a directory}"; shift 2 ;;
    --manifest) manifest="${2:?--manifest needs a file}"; shift 2 ;;
    --trust-on-first-use) tofu=1; shift ;;
    --verify-only) verify_only=1; shift ;;
    --strict) strict=1; shift ;;
    --models) models="${2:?--models needs all, none or a list}"; shift 2 ;;
    "") shift ;; # an empty argument (e.g. from an unset compose variable) means nothing
    *) echo "provision-models: unknown option $1" >&2; sed -n "6,17p" "${BASH_SOURCE[0]}" >&2; exit 64 ;;
  esac
done

if ! [[ "$models" =~ ^(all|none|(whisper|embeddings)(,(whisper|embeddings))*)$ ]]; then
  echo "provision-models: BIBLIO_MODELS/--models must be all, none, or a list of whisper, embeddings; got '$models'" >&2; exit 64
fi
if [ "$models" = none ]; then
  echo "provision-models: BIBLIO_MODELS=none: no model files provisioned (speech-to-text: pocketsphinx, embeddings: hashing)"
  exit 0
fi
wanted() { [ "$models" = all ] || [[ ",$models," == *",${1%%/*},"* ]]; }

[ -r "$manifest" ] || { echo "provision-models: cannot read $manifest" >&2; exit 64; }
command -v sha256sum >/dev/null || { echo "provision-models: sha256sum is missing" >&2; exit 1; }
[ "$verify_only" = 1 ] || command -v curl >/dev/null || { echo "provision-models: curl is missing" >&2; exit 1; }
mkdir -p "$dest"
tofu_file="$dest/.tofu.sha256"
manifest_name="$(basename "$manifest")"
touch "$tofu_file" 2>/dev/null || true

say() { printf 'provision-models: %s\n' "$*"; }
sum_of() { sha256sum "$1" | cut -d' ' -f1; }
recorded_sum() { # the sum recorded on first use for PATH, if any
  [ -f "$tofu_file" ] || return 0
  awk -v p="$1" '$2 == p { print $1; exit }' "$tofu_file"
}
record_sum() { # SUM PATH URL
  local tmp="$tofu_file.tmp"
  { [ -f "$tofu_file" ] && awk -v p="$2" '$2 != p' "$tofu_file"; printf '%s  %s  %s\n' "$1" "$2" "$3"; } >"$tmp"
  mv "$tmp" "$tofu_file"
}
download() { # URL FILE: resumes a partial FILE, retries transient failures, fails on HTTP errors
  local attempt rc
  for attempt in 1 2 3 4; do
    rc=0
    curl --fail --location --silent --show-error --retry 3 --retry-delay 5 \
      --connect-timeout 20 --continue-at - --output "$2" "$1" || rc=$?
    case "$rc" in
      0) return 0 ;;
      22) return 22 ;;                # an HTTP error (404, 403...): retrying will not help
      33) rm -f "$2" ;;               # the server cannot resume: start over
      *) say "download interrupted (curl exit $rc), attempt $attempt; resuming" ;;
    esac
    sleep 3
  done
  return "$rc"
}

failed=0 refused=0 installed=0 present=0

while read -r expected path url rest <&3; do
  case "$expected" in ''|'#'*) continue ;; esac
  if [ -z "${path:-}" ] || [ -z "${url:-}" ] || [ -n "${rest:-}" ]; then
    say "malformed line in $manifest: $expected $path $url $rest"; failed=1; continue
  fi
  case "$path" in /*|*..*) say "refusing path outside the models directory: $path"; failed=1; continue ;; esac
  wanted "$path" || { say "skipped  $path (BIBLIO_MODELS=$models)"; continue; }
  target="$dest/$path"
  verified=1
  if [ "$expected" = UNVERIFIED ]; then
    verified=0
    expected="$(recorded_sum "$path")" # accepted on an earlier run with --trust-on-first-use
  elif ! [[ "$expected" =~ ^[0-9a-f]{64}$ ]]; then
    say "not a SHA-256 for $path: $expected"; failed=1; continue
  fi

  # 1. Already in place?
  if [ -f "$target" ]; then
    actual="$(sum_of "$target")"
    if [ -n "$expected" ] && [ "$actual" = "$expected" ]; then
      say "ok       $path"; present=$((present + 1)); continue
    fi
    if [ -z "$expected" ] && [ "$tofu" = 1 ]; then
      record_sum "$actual" "$path" "$url"
      say "trusted  $path (present; sha256 $actual recorded on first use)"; present=$((present + 1)); continue
    fi
    if [ -n "$expected" ] && [ "$verify_only" = 1 ]; then
      say "MISMATCH $path: sha256 $actual, expected $expected"; failed=1; continue
    elif [ -n "$expected" ]; then
      say "MISMATCH $path: sha256 $actual, expected $expected; downloading it again"
      mv -f "$target" "$target.bad"
    else
      say "REFUSED  $path is present but UNVERIFIED (sha256 $actual); see below"; refused=$((refused + 1)); continue
    fi
  fi

  if [ "$verify_only" = 1 ]; then
    say "missing  $path (--verify-only: not downloading)"; failed=1; continue
  fi

  # 2. Download next to the target (same filesystem, so the final mv is atomic). A file
  #    refused on an earlier run is reused instead of fetched again.
  mkdir -p "$(dirname "$target")"
  part="$target.part"
  if [ -z "$expected" ] && [ -f "$target.unverified" ]; then
    mv -f "$target.unverified" "$part"
    say "reusing  $path (downloaded on an earlier run)"
  else
    say "fetching $path from $url"
    if ! download "$url" "$part"; then
      say "FAILED   $path: download from $url failed (the partial file is kept; rerun to resume)"; failed=1; continue
    fi
  fi
  actual="$(sum_of "$part")"

  # 3. Check, then put in place.
  if [ -n "$expected" ]; then
    if [ "$actual" != "$expected" ]; then
      say "MISMATCH $path: downloaded sha256 $actual, expected $expected; not installed"
      rm -f "$part"; failed=1; continue
    fi
    mv -f "$part" "$target"; rm -f "$target.bad"
    say "verified $path ($([ "$verified" = 1 ] && echo "sha256 from $manifest_name" || echo "sha256 recorded on first use"))"
    installed=$((installed + 1))
  elif [ "$tofu" = 1 ]; then
    mv -f "$part" "$target"
    record_sum "$actual" "$path" "$url"
    say "trusted  $path: sha256 $actual accepted on first use (--trust-on-first-use) and recorded in $tofu_file"
    installed=$((installed + 1))
  else
    mv -f "$part" "$target.unverified"
    say "REFUSED  $path: no checksum to verify it against. Computed sha256: $actual"
    refused=$((refused + 1))
  fi
done 3<"$manifest"

say "done: $installed installed, $present already in place, $refused refused, $([ "$failed" = 1 ] && echo "with errors" || echo "no errors")"
if [ "$refused" -gt 0 ]; then
  cat <<EOF
provision-models: $refused file(s) listed as UNVERIFIED in $manifest_name were NOT installed.
  Compare the sha256 values printed above with the model's published checksums (the Hugging
  Face file page of each file), then either write them into $manifest_name in place of
  UNVERIFIED, or accept them as they are now with:
    docker compose -f docker/compose.yml run --rm models --trust-on-first-use
  Until then the appliance uses its fallback engine for what is missing (for embeddings: the
  deterministic hashing embedder).
EOF
fi
[ "$failed" = 0 ] || exit 1
[ "$refused" = 0 ] || [ "$strict" = 0 ] || exit 2
exit 0
