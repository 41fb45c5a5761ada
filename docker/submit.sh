#!/bin/bash
# The compose `submit` one-shot: submits the forecast job (the slim jar) to the session cluster, detached, unless a
# job is already active, resuming from the newest retained state so that `down`/`up` keeps every series' state.
#   - active = any job the JobManager lists in a state that is not terminal (RUNNING, RESTARTING, INITIALIZING,
#     CREATED, FAILING, CANCELLING, SUSPENDED, RECONCILING): then it prints the jobs and exits 0 (idempotent `up`).
#   - SAVEPOINT=path: start from that savepoint or checkpoint.
#   - else RESUME=latest (default): the newest complete checkpoint (chk-N/_metadata, retained on disk after `down`)
#     or savepoint under FLINK_DATA, whichever is newer; RESUME=none starts with empty state.
# The key comes from MODEL_KEY_FILE (written by the model-key one-shot) unless STREAMCAST_MODEL_KEY is set.
# SUBMIT_DRY_RUN=1 prints the command instead of running it, and reads the job list from JOBS_OVERVIEW (the JSON of
# GET /jobs/overview) instead of the JobManager: .ci/run checks the decisions this way.
set -euo pipefail
REST=${FLINK_REST:-http://jobmanager:8081}
JAR=${JOB_JAR:-/opt/streamcast/target/streamcast-job.jar}
DATA=${FLINK_DATA:-/flink-data}
RESUME=${RESUME:-latest}
DRY=${SUBMIT_DRY_RUN:-}

[ -f "$JAR" ] || { echo "submit: $JAR is missing: build it from the repository root: mvn -B -q package -DskipTests" >&2; exit 1; }
case "$RESUME" in latest | none) ;; *) echo "submit: RESUME must be latest or none, found '$RESUME'" >&2; exit 2 ;; esac

if [ -n "$DRY" ]; then
  overview=${JOBS_OVERVIEW:-'{"jobs":[]}'}
else
  overview=$(curl -sf --max-time 20 "$REST/jobs/overview") || { echo "submit: the JobManager at $REST does not answer" >&2; exit 1; }
fi
active=$(grep -o '"state":"[A-Z_]*"' <<< "$overview" | cut -d'"' -f4 | grep -vxE 'FINISHED|CANCELED|FAILED' || true)
if [ -n "$active" ]; then
  echo "a job is already active ($(tr '\n' ' ' <<< "$active" | sed 's/ $//')); not submitting another (docker/README.md: upgrade from a savepoint)"
  exit 0
fi

from=${SAVEPOINT:-}
if [ -z "$from" ] && [ "$RESUME" = latest ]; then
  # newest first by modification time; a checkpoint without _metadata is incomplete
  while IFS= read -r dir; do
    if [ -f "$dir/_metadata" ]; then from="file://${dir%/}"; break; fi
  done < <(ls -1td "$DATA"/checkpoints/*/chk-*/ "$DATA"/savepoints/savepoint-*/ 2> /dev/null || true)
fi
args=(run -d)
if [ -n "$from" ]; then
  echo "starting from $from"
  args+=(-s "$from")
else
  echo "starting with empty state"
fi
args+=("$JAR" forecast --bootstrap-servers "${BOOTSTRAP:-kafka:9092}" --state-backend hashmap)
# shellcheck disable=SC2206 # FORECAST_ARGS is a list of options, split on purpose
args+=(${FORECAST_ARGS:-})
if [ -z "${STREAMCAST_MODEL_KEY:-}" ]; then
  KEYFILE=${MODEL_KEY_FILE:-/secrets/model-key}
  if [ -z "$DRY" ] || [ -f "$KEYFILE" ]; then
    STREAMCAST_MODEL_KEY=$(cat "$KEYFILE")
    export STREAMCAST_MODEL_KEY
  fi
fi
if [ -n "$DRY" ]; then
  echo "flink ${args[*]}"
  exit 0
fi
exec flink "${args[@]}"
