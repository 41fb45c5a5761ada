#!/bin/bash
# Streams a long-format CSV of data/ (header key,timestamp,value or key,timestamp,<feature>,...) into the observations
# topic through the jar's own replayer (`streamcast.jar replay`): the forecast job's JSON records, keyed by series, in
# timestamp order across keys, REPLAY_SPEED rows per second (0 = as fast as the producer allows).
#   one value column:     {"key":"DAX","ts":"1991-07-01T00:00:00Z","value":1628.75}
#   several (features):   {"key":"JFK","ts":"...","values":{"temp":3.1,"humidity":0.7}}
# REPLAY_DRY_RUN=1 prints the key|record lines instead of producing them.
# Once per file: with REPLAY_MARKER_DIR set (the compose replayer: a volume), a completed replay leaves a marker there
# and a later run of the same file (a second `docker compose up`) sends nothing; REPLAY_FORCE=1 sends it again.
# The jar: STREAMCAST_JAR, else /opt/streamcast/target/streamcast.jar (the compose replayer), else
# jobs/target/streamcast.jar of this checkout (build it with `mvn -B -q package -DskipTests`).
set -euo pipefail
FILE=${1:?usage: replay.sh FILE.csv}
RATE=${REPLAY_SPEED:-20}
B=${BOOTSTRAP:-kafka:9092}
TOPIC=${OBSERVATIONS_TOPIC:-observations}
JAR=${STREAMCAST_JAR:-}
if [ -z "$JAR" ]; then
  JAR=/opt/streamcast/target/streamcast.jar
  [ -f "$JAR" ] || JAR="$(cd "$(dirname "$0")/.." && pwd)/jobs/target/streamcast.jar"
fi
[ -f "$JAR" ] || { echo "replay.sh: $JAR not found; build it with mvn -B -q package -DskipTests" >&2; exit 1; }

MARKER=""
if [ -n "${REPLAY_MARKER_DIR:-}" ] && [ -z "${REPLAY_DRY_RUN:-}" ]; then
  MARKER="$REPLAY_MARKER_DIR/replayed-$(basename "$FILE")-to-$TOPIC"
  if [ -f "$MARKER" ] && [ -z "${REPLAY_FORCE:-}" ]; then
    echo "replay.sh: $(basename "$FILE") was already replayed into $TOPIC ($(cat "$MARKER")); not sending it again" \
      "(REPLAY_FORCE=1 would, and every row would be dead-lettered as a duplicate)"
    exit 0
  fi
fi

args=(replay --input "$FILE" --bootstrap-servers "$B" --observations-topic "$TOPIC" --speed "$RATE")
if [ -n "${REPLAY_DRY_RUN:-}" ]; then args+=(--dry-run); fi
java -jar "$JAR" "${args[@]}"
if [ -n "$MARKER" ]; then date -u +%Y-%m-%dT%H:%M:%SZ > "$MARKER"; fi
