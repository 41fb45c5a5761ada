#!/bin/bash
# Entrypoint of the compose trainer: runs its arguments with STREAMCAST_MODEL_KEY set from the key the model-key
# one-shot stored (so `docker compose run --rm trainer java -jar ... train ...` signs with the same key too).
set -euo pipefail
F=${MODEL_KEY_FILE:-/secrets/model-key}
[ -s "$F" ] || { echo "no model signing key at $F: the model-key service creates it (docker compose up)" >&2; exit 1; }
STREAMCAST_MODEL_KEY=$(cat "$F")
export STREAMCAST_MODEL_KEY
exec "$@"
