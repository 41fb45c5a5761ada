#!/bin/bash
# Streams a long-format CSV of data/ (header key,timestamp,value or key,timestamp,<feature>,...) into the observations
# topic as the forecast job's JSON records, keyed by series, in file order (time order), REPLAY_SPEED rows per second.
#   one value column:     {"key":"DAX","ts":"1991-07-01T00:00:00Z","value":1628.75}
#   several (features):   {"key":"JFK","ts":"...","values":{"temp":3.1,"humidity":0.7}}
# REPLAY_DRY_RUN=1 prints the key|record lines instead of producing them.
set -euo pipefail
FILE=${1:?usage: replay.sh FILE.csv}
RATE=${REPLAY_SPEED:-20}
B=${BOOTSTRAP:-kafka:9092}
TOPIC=${OBSERVATIONS_TOPIC:-observations}

to_records() {
  awk -F, -v rate="$RATE" '
    NR == 1 { for (i = 3; i <= NF; i++) name[i] = $i; n = NF; next }
    NF != n { printf "replay.sh: skipping line %d: %d fields, the header has %d\n", NR, NF, n > "/dev/stderr"; next }
    {
      sub(/\r$/, "", $NF)
      if (n == 3) {
        body = "\"value\":" $3
      } else {
        body = "\"values\":{"
        for (i = 3; i <= n; i++) body = body (i > 3 ? "," : "") "\"" name[i] "\":" $i
        body = body "}"
      }
      printf "%s|{\"key\":\"%s\",\"ts\":\"%s\",%s}\n", $1, $1, $2, body
      if (rate > 0 && (NR - 1) % rate == 0) { fflush(); system("sleep 1") }
    }' "$FILE"
}

if [ -n "${REPLAY_DRY_RUN:-}" ]; then
  to_records
else
  echo "replaying $FILE into $TOPIC at $RATE rows/s"
  to_records | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server "$B" --topic "$TOPIC" \
    --property parse.key=true --property key.separator='|'
fi
