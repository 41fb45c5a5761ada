#!/bin/bash
# The compose `model-key` one-shot: makes sure the models' signing key exists, once, in the model-key volume, so that
# the trainer (which signs) and the job (which accepts only models signed with it) always use the same key.
#   - the file exists: kept; if STREAMCAST_MODEL_KEY is also set and differs, it fails (the trainer and a running job
#     would disagree): unset it, or `docker compose down -v` to start over.
#   - absent: STREAMCAST_MODEL_KEY if set, else 32 random bytes in base64.
# Readable only by its owner, Flink's user (9999, which runs `flink run` in submit); the trainer runs as root.
set -euo pipefail
F=${MODEL_KEY_FILE:-/secrets/model-key}
if [ -s "$F" ]; then
  if [ -n "${STREAMCAST_MODEL_KEY:-}" ] && [ "$STREAMCAST_MODEL_KEY" != "$(cat "$F")" ]; then
    echo "model-key: STREAMCAST_MODEL_KEY differs from the key already in the model-key volume; unset it to keep" \
      "the stored key, or start over with docker compose down -v" >&2
    exit 1
  fi
  echo "model-key: keeping the key in the model-key volume"
else
  umask 077
  if [ -n "${STREAMCAST_MODEL_KEY:-}" ]; then
    printf '%s' "$STREAMCAST_MODEL_KEY" > "$F.tmp"
    echo "model-key: stored STREAMCAST_MODEL_KEY in the model-key volume"
  else
    head -c 32 /dev/urandom | base64 | tr -d '\n' > "$F.tmp"
    echo "model-key: generated a new key in the model-key volume"
  fi
  mv "$F.tmp" "$F"
fi
chown "${MODEL_KEY_OWNER:-9999:9999}" "$F" 2> /dev/null || true
chmod 0400 "$F"
