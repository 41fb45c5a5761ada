#!/bin/bash
# The compose trainer: a first model as soon as the observations topic holds enough history, then a retrain every
# RETRAIN_EVERY. Tries FIRST_MODEL_AFTER (60s) after start and again every FIRST_MODEL_AFTER until one run ends
# normally (exit 0: trained; published when there was no model yet, or when it beat the current one). The train
# command refuses too little history (no key long enough) with exit 2, so early attempts just wait for more.
# Then `train --every RETRAIN_EVERY`, which trains at its start: hence the sleep of one period first.
set -euo pipefail
JAR=${STREAMCAST_JAR:-/opt/streamcast/target/streamcast.jar}
B=${BOOTSTRAP:-kafka:9092}
FIRST=${FIRST_MODEL_AFTER:-60s}
EVERY=${RETRAIN_EVERY:-30m}
train=(java -jar "$JAR" train --bootstrap-servers "$B" --publish --report /reports)
while true; do
  sleep "$FIRST"
  status=0
  "${train[@]}" || status=$?
  [ "$status" = 0 ] && break
  echo "trainer: no model yet (exit $status); trying again in $FIRST"
done
echo "trainer: next run in $EVERY, then every $EVERY"
sleep "$EVERY"
exec "${train[@]}" --every "$EVERY"
