#!/usr/bin/env bash
# Measures the pipeline like Triton's perf_analyzer and compares it, in the same run, with the
# same model called in-process (docs/benchmarks.md).
#   ./benchmark.sh                 attach to the stack in .pipeline-data if it runs, else start one
#   ./benchmark.sh --quick         shorter windows (about 6 minutes instead of 15)
#   ./benchmark.sh --attach <stack.json> | --baseline-only | --help
# Results: the table on the console, and CSV + JSON under benchmark-results/<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests -pl pipeline-benchmark -am package
jar=$(ls pipeline-benchmark/target/pipeline-benchmark-*-exec.jar | head -n 1)
exec java ${BENCHMARK_JAVA_OPTS:-} -Dpipeline.home="$PWD" -jar "$jar" "$@"
