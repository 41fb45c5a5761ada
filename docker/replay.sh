#!/bin/bash
# Streams a long-format CSV of data/ (header key,timestamp,value or key,timestamp,<feature>,...) into the observations
# topic through the jar's own replayer (`streamcast.jar replay`): the forecast job's JSON records, keyed by series, in
# timestamp order across keys, REPLAY_SPEED rows per second (0 = as fast as the producer allows).
#   one value column:     {"key":"DAX","ts":"1991-07-01T00:00:00Z","value":1628.75}
#   several (features):   {"key":"JFK","ts":"...","values":{"temp":3.1,"humidity":0.7}}
# REPLAY_DRY_RUN=1 prints the key|record lines instead of producing them.
# The jar: STREAMCAST_JAR, else /opt/streamcast/streamcast.jar (the compose replayer), else jobs/target/streamcast.jar
# of this checkout (build it with `mvn -B -q package -DskipTests`).
set -euo pipefail
FILE=${1:?usage: replay.sh FILE.csv}
RATE=${REPLAY_SPEED:-20}
B=${BOOTSTRAP:-kafka:9092}
TOPIC=${OBSERVATIONS_TOPIC:-observations}
JAR=${STREAMCAST_JAR:-}
if [ -z "$JAR" ]; then
  JAR=/opt/streamcast/streamcast.jar
  [ -f "$JAR" ] || JAR="$(cd "$(dirname "$0")/.." && pwd)/jobs/target/streamcast.jar"
fi
[ -f "$JAR" ] || { echo "replay.sh: $JAR not found; build it with mvn -B -q package -DskipTests" >&2; exit 1; }

args=(replay --input "$FILE" --bootstrap-servers "$B" --observations-topic "$TOPIC" --speed "$RATE")
if [ -n "${REPLAY_DRY_RUN:-}" ]; then args+=(--dry-run); fi
exec java -jar "$JAR" "${args[@]}"
