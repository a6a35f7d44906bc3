#!/usr/bin/env bash
# The fault harness (docs/reliability.md): starts a stack of its own (data in .chaos-data, free
# loopback ports), keeps a mixed load on it, injects one fault at a time and reconciles every
# accepted request, charge and window count. Stops everything it started, also on Ctrl-C.
#   ./chaos.sh                     all eight faults, 60 s outages (about 20 minutes)
#   ./chaos.sh --quick             short load and 10 s outages (about 10 minutes)
#   ./chaos.sh --faults 1,2 | --outage-seconds <n> | --help
# Results: the table on the console, and CSV + JSON under benchmark-results/chaos-<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")"
# pipeline-local, which the harness runs in-process, brings the four service jars along.
./mvnw -q -B -DskipTests -pl pipeline-benchmark -am package
jar=$(ls pipeline-benchmark/target/pipeline-benchmark-*-exec.jar | head -n 1)
exec java ${CHAOS_JAVA_OPTS:-} -Dpipeline.home="$PWD" -jar "$jar" chaos "$@"
