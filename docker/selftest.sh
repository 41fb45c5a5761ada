#!/bin/bash
# Offline checks of the compose scripts' decisions, without Docker, Kafka or Flink (.ci/run runs it; ~1 s):
# submit.sh (dry run) does not submit while a job is active in any non-terminal state, resumes from the newest complete
# checkpoint, starts empty with RESUME=none; model-key.sh generates a key once, keeps it, refuses a different one;
# replay.sh sends nothing for a file it already replayed.
set -euo pipefail
cd "$(dirname "$0")"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "docker/selftest.sh: $*" >&2; exit 1; }
touch "$t/job.jar"
mkdir -p "$t/checkpoints/j1/chk-3" "$t/checkpoints/j2/chk-7" "$t/checkpoints/j2/chk-8" "$t/savepoints/savepoint-1"
touch -d '-3 min' "$t/checkpoints/j1/chk-3/_metadata" "$t/checkpoints/j1/chk-3" "$t/savepoints/savepoint-1/_metadata" \
  "$t/savepoints/savepoint-1"
touch -d '-2 min' "$t/checkpoints/j2/chk-7/_metadata" "$t/checkpoints/j2/chk-7"
touch "$t/checkpoints/j2/chk-8"   # newest, but incomplete: no _metadata
sub() { SUBMIT_DRY_RUN=1 JOB_JAR="$t/job.jar" FLINK_DATA="$t" STREAMCAST_MODEL_KEY=k "$@" bash submit.sh; }

for state in RUNNING RESTARTING INITIALIZING CREATED RECONCILING; do
  out=$(JOBS_OVERVIEW="{\"jobs\":[{\"jid\":\"a\",\"state\":\"FINISHED\"},{\"jid\":\"b\",\"state\":\"$state\"}]}" sub)
  grep -q "already active ($state)" <<< "$out" || fail "submit.sh submitted next to a $state job: $out"
done
out=$(JOBS_OVERVIEW='{"jobs":[{"jid":"a","state":"CANCELED"}]}' sub)
grep -q -- "flink run -d -s file://$t/checkpoints/j2/chk-7 $t/job.jar forecast" <<< "$out" \
  || fail "submit.sh did not resume from the newest complete checkpoint: $out"
out=$(RESUME=none sub)
grep -q -- "flink run -d $t/job.jar forecast" <<< "$out" || fail "submit.sh RESUME=none did not start empty: $out"
out=$(SAVEPOINT=file:///sp/savepoint-9 sub)
grep -q -- "-s file:///sp/savepoint-9 " <<< "$out" || fail "submit.sh ignored SAVEPOINT: $out"
if JOB_JAR="$t/missing.jar" SUBMIT_DRY_RUN=1 bash submit.sh > /dev/null 2> "$t/err"; then fail "submit.sh ran without its jar"; fi
grep -q "mvn -B -q package -DskipTests" "$t/err" || fail "submit.sh did not name the build command: $(cat "$t/err")"

key() { MODEL_KEY_FILE="$t/key" MODEL_KEY_OWNER="$(id -u):$(id -g)" bash model-key.sh > /dev/null; }
(unset STREAMCAST_MODEL_KEY; key) || fail "model-key.sh could not generate a key"
first=$(cat "$t/key")
[ "${#first}" -ge 40 ] || fail "model-key.sh generated a short key"
(unset STREAMCAST_MODEL_KEY; key) || fail "model-key.sh refused to keep its key"
[ "$(cat "$t/key")" = "$first" ] || fail "model-key.sh replaced an existing key"
STREAMCAST_MODEL_KEY="$first" key || fail "model-key.sh refused the same key"
if STREAMCAST_MODEL_KEY=other key 2> /dev/null; then fail "model-key.sh accepted a different key"; fi

mkdir "$t/state"
echo "2026-12-01T00:00:00Z" > "$t/state/replayed-ukgas.csv-to-observations"
out=$(STREAMCAST_JAR="$t/job.jar" REPLAY_MARKER_DIR="$t/state" bash replay.sh /data/ukgas.csv)
grep -q "already replayed" <<< "$out" || fail "replay.sh would replay a file twice: $out"
echo "docker/selftest.sh: submit.sh, model-key.sh and replay.sh decisions ok"
