#!/usr/bin/env bash
# One-shot topic set-up on the Kafka image: service pipeline-init of docker-compose.yml and the
# Kubernetes Job pipeline-topics run it (it lives here because kustomize reads files under its
# root only). Creates the contract's topics that do not exist yet, with the settings
# TopicProvisioner gives them in the local stack and the tests (pipeline-servers;
# docs/kafka-contract.md): PIPELINE_PARTITIONS partitions each, replicated to KAFKA_BROKERS
# brokers with a majority in sync; inference.models and inference.model-traffic compacted on one
# partition (catalogues: the latest descriptor or traffic split per model, in order). Every name gets PIPELINE_TOPICS_PREFIX in front.
# Existing topics are left alone, so it can run on every start. The list is Topics.ALL
# (pipeline-contracts): TopicScriptTests (pipeline-servers) runs this script and fails when it
# asks for other topics or settings than TopicProvisioner creates. The aggregator's own topics
# (metrics.windows, compacted, and its *.dlq) are declared by the aggregator and created at its
# start. KAFKA_CLIENT_CONFIG names a client properties file (SASL, TLS) where the cluster wants one.
set -euo pipefail

bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
prefix=${PIPELINE_TOPICS_PREFIX:-}
partitions=${PIPELINE_PARTITIONS:-3}
brokers=${KAFKA_BROKERS:-1}
min_isr=$((brokers / 2 + 1))
topics=${KAFKA_HOME:-/opt/kafka}/bin/kafka-topics.sh
client_config=()
[[ -n "${KAFKA_CLIENT_CONFIG:-}" ]] && client_config=(--command-config "$KAFKA_CLIENT_CONFIG")

create() {
  local name=$1 count=$2
  shift 2
  "$topics" --bootstrap-server "$bootstrap" ${client_config[@]+"${client_config[@]}"} --create --if-not-exists --topic "$prefix$name" \
    --partitions "$count" --replication-factor "$brokers" --config "min.insync.replicas=$min_isr" "$@"
}

for name in inference.requests inference.results inference.replies inference.requests.dlq \
    inference.results.dlq analysis.requests analysis.reports metrics.alerts; do
  create "$name" "$partitions"
done
create inference.models 1 --config cleanup.policy=compact
create inference.model-traffic 1 --config cleanup.policy=compact

"$topics" --bootstrap-server "$bootstrap" ${client_config[@]+"${client_config[@]}"} --describe
