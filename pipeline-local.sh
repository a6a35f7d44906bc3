#!/usr/bin/env bash
# Starts the whole pipeline on real servers (Kafka in KRaft mode, PostgreSQL, Redis and the four
# services), builds whatever is missing or out of date first, and stops everything on Ctrl-C.
#   ./pipeline-local.sh            start (data kept in $PIPELINE_DATA_DIR, default ./.pipeline-data)
#   ./pipeline-local.sh --wipe     start on an empty data directory
#   ./pipeline-local.sh --rebuild  rebuild the jars first
#   ./pipeline-local.sh --help     this text
# Settings: see the README's configuration table (PIPELINE_HTTP_PORT, PIPELINE_ADMIN_TOKEN, ...).
set -euo pipefail
cd "$(dirname "$0")"

modules=(pipeline-contracts pipeline-schema pipeline-servers pipeline-metrics pipeline-reports predictor-worker metrics-aggregator analyst-worker ingress-api pipeline-local)
runnable=(predictor-worker metrics-aggregator analyst-worker ingress-api pipeline-local)

# The jars are reproducible (fixed entry and file times, pom.xml's project.build.outputTimestamp),
# so their own time says nothing about when they were built: a stamp written after each build
# here does. A build made some other way leaves the stamp behind, and the next start builds once.
stamp=target/pipeline-local.built

# True when the jars may be out of date: no stamp, a runnable jar missing, or any source of
# any module newer than the last build.
stale() {
  [[ -f "$stamp" ]] || return 0
  for m in "${runnable[@]}"; do
    [[ -n "$(ls "$m"/target/"$m"-*-exec.jar 2>/dev/null | head -n 1)" ]] || return 0
  done
  for m in "${modules[@]}"; do
    [[ -n "$(find "$m/src/main" "$m/pom.xml" -newer "$stamp" -print -quit 2>/dev/null)" ]] && return 0
  done
  [[ -n "$(find pom.xml -newer "$stamp" -print -quit)" ]] && return 0
  return 1
}

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }
build=false
for arg in "$@"; do
  case "$arg" in
    --rebuild) build=true ;;
    --wipe) ;;
    -h|--help) usage; exit 0 ;;
    # Refused rather than ignored: a mistyped --wipe must not start on the old data.
    *) echo "pipeline-local.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done
stale && build=true
if $build; then
  echo "Building the pipeline (first run, or sources changed)..."
  ./mvnw -q -B -DskipTests package
  mkdir -p target && touch "$stamp"
fi

launcher=$(ls pipeline-local/target/pipeline-local-*-exec.jar | head -n 1)
args=()
for arg in "$@"; do [[ "$arg" != "--rebuild" ]] && args+=("$arg"); done
exec java ${PIPELINE_LAUNCHER_JAVA_OPTS:-} -Dpipeline.home="$PWD" -jar "$launcher" ${args[@]+"${args[@]}"}
