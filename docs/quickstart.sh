#!/usr/bin/env bash
# Runs every ```bash block of docs/quickstart.md, in order, in one shell, against a local stack,
# so the quick start cannot rot. Exits non-zero at the first command that fails.
#   docs/quickstart.sh                          start ./pipeline-local.sh on a temporary data
#                                               directory and free ports, run the page, stop it
#   docs/quickstart.sh --attach <stack.json>    run the page against a stack that is running
# Needs what the page needs: a JDK 17+, curl, python3 and kcat. Written for bash 3.2 (macOS).
set -euo pipefail
cd "$(dirname "$0")/.."

page=docs/quickstart.md
commands_timeout=${QUICKSTART_TIMEOUT:-300}
stack_timeout=${PIPELINE_SERVICE_START_TIMEOUT:-180}
work=$(mktemp -d "${TMPDIR:-/tmp}/quickstart.XXXXXX")
launcher=""
started=$(date +%s)

for tool in curl python3 kcat; do
  command -v "$tool" >/dev/null || { echo "quickstart: $tool is needed (see $page)" >&2; exit 1; }
done

# Stops the stack this script started; keeps the logs of a failed run.
finish() {
  local status=$?
  if [[ -n "$launcher" ]] && kill -0 "$launcher" 2>/dev/null; then
    echo "quickstart: stopping the stack (pid $launcher)"
    kill -TERM "$launcher"
    wait "$launcher" 2>/dev/null || true
  fi
  if ((status == 0)); then
    rm -rf "$work"
  else
    echo "quickstart: logs and commands kept in $work" >&2
  fi
}
trap finish EXIT

if [[ "${1:-}" == "--attach" ]]; then
  stack_file=${2:?"--attach needs the stack.json of a running stack"}
else
  # Free ports, so a stack of the user's on the default ones is left alone.
  ports=($(python3 -c 'import socket
socks = [socket.socket() for _ in range(9)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))'))
  export PIPELINE_DATA_DIR="$work/data" PIPELINE_WIPE=true \
    PIPELINE_HTTP_PORT=${ports[0]} PIPELINE_MANAGEMENT_PORT=${ports[1]} PIPELINE_PREDICTOR_PORT=${ports[2]} \
    PIPELINE_AGGREGATOR_PORT=${ports[3]} PIPELINE_ANALYST_PORT=${ports[4]} PIPELINE_KAFKA_PORT=${ports[5]} \
    PIPELINE_KAFKA_CONTROLLER_PORT=${ports[6]} PIPELINE_POSTGRES_PORT=${ports[7]} PIPELINE_REDIS_PORT=${ports[8]}
  stack_file="$PIPELINE_DATA_DIR/stack.json"
  echo "quickstart: starting ./pipeline-local.sh (log: $work/stack.log)"
  ./pipeline-local.sh >"$work/stack.log" 2>&1 &
  launcher=$!
  # The launcher prints "All healthy" once every service is; it exits at once on a failed start.
  until grep -q 'All healthy' "$work/stack.log" 2>/dev/null; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      echo "quickstart: the stack did not start:" >&2
      tail -n 30 "$work/stack.log" >&2
      exit 1
    fi
    if (($(date +%s) - started > stack_timeout + 600)); then
      echo "quickstart: the stack was not up within $((stack_timeout + 600)) s" >&2
      exit 1
    fi
    sleep 1
  done
  echo "quickstart: stack up in $(($(date +%s) - started)) s"
fi

# Every ```bash block, in order; the ```text blocks (sample output, the start command) are not run.
awk '/^```bash$/ { inside = 1; print "# --- block at line " NR; next }
     /^```/      { inside = 0; next }
     inside' "$page" >"$work/quickstart-commands.sh"
blocks=$(grep -c '^```bash$' "$page")
echo "quickstart: running the $blocks bash blocks of $page"

commands_started=$(date +%s)
STACK_FILE="$stack_file" bash -euo pipefail "$work/quickstart-commands.sh" &
runner=$!
# A bound on the whole page: its polling loops wait for answers that might never come.
(
  for ((waited = 0; waited < commands_timeout; waited++)); do
    kill -0 "$runner" 2>/dev/null || exit 0
    sleep 1
  done
  echo "quickstart: timed out after $commands_timeout s" >&2
  kill -TERM "$runner" 2>/dev/null
) &
watchdog=$!
status=0
wait "$runner" || status=$?
wait "$watchdog" 2>/dev/null || true

finished=$(date +%s)
if ((status != 0)); then
  echo "quickstart: FAILED (exit $status) after $((finished - commands_started)) s" >&2
  exit "$status"
fi
echo "quickstart: all $blocks blocks passed in $((finished - commands_started)) s ($((finished - started)) s with the stack's start)"
