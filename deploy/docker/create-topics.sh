#!/usr/bin/env bash
# The compose stack's one-shot topic set-up (service pipeline-init, on the Kafka image): creates
# the contract's topics that do not exist yet, with the settings TopicProvisioner gives them in the
# local stack and the tests (pipeline-servers; docs/kafka-contract.md): PIPELINE_PARTITIONS
# partitions each, replicated to every broker with a majority in sync; inference.models compacted
# on one partition (a catalogue: the latest descriptor per model, in order). Every name gets
# PIPELINE_TOPICS_PREFIX in front. Existing topics are left alone, so it runs on every
# `docker compose up`. The list is Topics.ALL (pipeline-contracts); a topic added there is added
# here. The aggregator's own topics (metrics.windows, compacted, and its *.dlq) are declared by
# the aggregator and created at its start.
set -euo pipefail

bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
prefix=${PIPELINE_TOPICS_PREFIX:-}
partitions=${PIPELINE_PARTITIONS:-3}
brokers=${KAFKA_BROKERS:-1}
min_isr=$((brokers / 2 + 1))
topics=/opt/kafka/bin/kafka-topics.sh

create() {
  local name=$1 count=$2
  shift 2
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$prefix$name" \
    --partitions "$count" --replication-factor "$brokers" --config "min.insync.replicas=$min_isr" "$@"
}

for name in inference.requests inference.results inference.replies inference.requests.dlq \
    inference.results.dlq analysis.requests analysis.reports metrics.alerts; do
  create "$name" "$partitions"
done
create inference.models 1 --config cleanup.policy=compact

"$topics" --bootstrap-server "$bootstrap" --describe
