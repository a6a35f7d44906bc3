#!/usr/bin/env bash
# kafka-run-class.sh of the distribution, reduced: the jars in /opt/kafka/libs, Logback's
# configuration in /opt/kafka/config (level KAFKA_LOG_LEVEL, default INFO).
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_OPTS:-} \
  -Dlogback.configurationFile=/opt/kafka/config/logback.xml -cp '/opt/kafka/libs/*' "$@"
