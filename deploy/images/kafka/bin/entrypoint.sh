#!/usr/bin/env bash
# The official image's start, reduced: every KAFKA_<NAME> variable (but the JVM's KAFKA_HEAP_OPTS,
# KAFKA_OPTS and this image's KAFKA_LOG_LEVEL) becomes the property <name>, with `_` read as
# `.`, `__` as `_` and `___` as `-`; the log directory is formatted with CLUSTER_ID when it is
# new; then the broker runs as PID 1 (exec), so it gets the stop signal itself.
set -euo pipefail
: "${CLUSTER_ID:?CLUSTER_ID is required}"
config=/opt/kafka/config/server.properties
: >"$config"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_LOG_LEVEL) continue ;;
  esac
  key=${name#KAFKA_}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  printf '%s=%s\n' "${key,,}" "$value" >>"$config"
done < <(env | grep '^KAFKA_' | sort)
/opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" --config "$config" --ignore-formatted >/dev/null
exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$config"
