#!/bin/bash
# Creates streamcast's topics; safe to run again (--if-not-exists).
# The models topic is compacted (the newest model per key survives) and takes model files up to 64 MiB, the
# trainer's default --max-model-bytes (Kafka's default limit is 1 MB).
set -euo pipefail
KT=/opt/kafka/bin/kafka-topics.sh
B=${BOOTSTRAP:-kafka:9092}
P=${OBSERVATION_PARTITIONS:-4}
$KT --bootstrap-server "$B" --create --if-not-exists --topic observations --partitions "$P" --replication-factor 1
$KT --bootstrap-server "$B" --create --if-not-exists --topic forecasts --partitions "$P" --replication-factor 1
$KT --bootstrap-server "$B" --create --if-not-exists --topic observations-dlq --partitions 1 --replication-factor 1
$KT --bootstrap-server "$B" --create --if-not-exists --topic models --partitions 1 --replication-factor 1 \
  --config cleanup.policy=compact --config max.message.bytes=67108864
$KT --bootstrap-server "$B" --describe
