#!/bin/bash
# Creates streamcast's topics; safe to run again (--if-not-exists).
set -euo pipefail
KT=/opt/kafka/bin/kafka-topics.sh
B=${BOOTSTRAP:-kafka:9092}
$KT --bootstrap-server "$B" --create --if-not-exists --topic observations --partitions 4 --replication-factor 1
$KT --bootstrap-server "$B" --create --if-not-exists --topic forecasts --partitions 4 --replication-factor 1
$KT --bootstrap-server "$B" --create --if-not-exists --topic observations-dlq --partitions 1 --replication-factor 1
$KT --bootstrap-server "$B" --create --if-not-exists --topic models --partitions 1 --replication-factor 1 \
  --config cleanup.policy=compact
$KT --bootstrap-server "$B" --list
