#!/usr/bin/env bash
# Proves the observability files in deploy/ against real software: starts the local stack
# (./pipeline-local.sh, on a fresh data directory), runs a real Prometheus against it with
# deploy/prometheus/prometheus.yml and rules.yml, drives load through the API, and fails unless
#   - promtool accepts the configuration and every alert rule,
#   - every rule loaded and evaluates without error, and the quota alert goes pending when an
#     account runs out of quota,
#   - every query of every panel of deploy/grafana/dashboards/*.json returns data.
# Then it stops everything it started. Not part of ./mvnw verify; about 7 minutes once the jars
# are built, most of it the stack's start on two busy cores (docs/observability.md has a run).
#
#   deploy/verify-observability.sh
#
# Environment:
#   VERIFY_PORT_OFFSET  added to every port of the stack and to Prometheus's 9090 (default 0:
#                       the stack's usual ports), so the check can run beside a running stack
#   VERIFY_LOAD_SECONDS how long load runs before the panels are checked (default 60)
#   VERIFY_KEEP_DIR     keep the work directory (stack data, logs, Prometheus data) when set
# Needs curl and jq; installs Prometheus from Debian (apt-get) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
began=$(date +%s)

offset=${VERIFY_PORT_OFFSET:-0}
load_seconds=${VERIFY_LOAD_SECONDS:-60}
export PIPELINE_HTTP_PORT=$((8080 + offset)) PIPELINE_MANAGEMENT_PORT=$((18080 + offset))
export PIPELINE_PREDICTOR_PORT=$((18081 + offset)) PIPELINE_AGGREGATOR_PORT=$((18082 + offset))
export PIPELINE_ANALYST_PORT=$((18083 + offset)) PIPELINE_KAFKA_PORT=$((19092 + offset))
export PIPELINE_KAFKA_CONTROLLER_PORT=$((19093 + offset)) PIPELINE_POSTGRES_PORT=$((15432 + offset))
export PIPELINE_REDIS_PORT=$((16379 + offset))
# A busy machine may need longer than the launcher's default 180 s for a service to be healthy.
export PIPELINE_SERVICE_START_TIMEOUT=${PIPELINE_SERVICE_START_TIMEOUT:-600}
prometheus_port=$((9090 + offset))
api=http://127.0.0.1:$PIPELINE_HTTP_PORT
prom=http://127.0.0.1:$prometheus_port

work=$(mktemp -d "${TMPDIR:-/tmp}/verify-observability.XXXXXX")
export PIPELINE_DATA_DIR=$work/data
stack_pid="" prometheus_pid="" load_pids=()
failures=0

say() { printf '[%4ds] %s\n' "$(($(date +%s) - began))" "$*"; }
fail() { say "FAIL: $*"; failures=$((failures + 1)); }

stop_all() {
  local status=$?
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$prometheus_pid" ]]; then kill "$prometheus_pid" 2>/dev/null || true; wait "$prometheus_pid" 2>/dev/null || true; fi
  if [[ -n "$stack_pid" ]]; then
    # The launcher stops the services (gracefully, then forcibly after 20 s), Kafka,
    # PostgreSQL and Redis on SIGTERM.
    kill -TERM "$stack_pid" 2>/dev/null || true
    wait "$stack_pid" 2>/dev/null || true
  fi
  if [[ -n "${VERIFY_KEEP_DIR:-}" ]]; then say "work directory kept: $work"; else rm -rf "$work"; fi
  say "stopped everything; total $(($(date +%s) - began)) s"
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# --- Prometheus -------------------------------------------------------------------------
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  say "installing Prometheus from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >"$work/apt.log" 2>&1 \
    || { apt-get update >>"$work/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus >>"$work/apt.log" 2>&1; }
fi
say "$(prometheus --version 2>&1 | head -n 1)"

# The repository's configuration with this run's ports, a short scrape interval (so rates have
# samples within a minute) and the rule file by absolute path.
mkdir -p "$work/prometheus"
cp deploy/prometheus/rules.yml "$work/prometheus/rules.yml"
sed -e "s/127.0.0.1:18080/127.0.0.1:$PIPELINE_MANAGEMENT_PORT/; s/127.0.0.1:18081/127.0.0.1:$PIPELINE_PREDICTOR_PORT/" \
    -e "s/127.0.0.1:18082/127.0.0.1:$PIPELINE_AGGREGATOR_PORT/; s/127.0.0.1:18083/127.0.0.1:$PIPELINE_ANALYST_PORT/" \
    -e "s/scrape_interval: .*/scrape_interval: 2s/; s/evaluation_interval: .*/evaluation_interval: 2s/" \
    deploy/prometheus/prometheus.yml >"$work/prometheus/prometheus.yml"
promtool check rules deploy/prometheus/rules.yml || fail "promtool rejected deploy/prometheus/rules.yml"
promtool check config deploy/prometheus/prometheus.yml || fail "promtool rejected deploy/prometheus/prometheus.yml"
rules_in_file=$(grep -c '^ *- alert:' deploy/prometheus/rules.yml)

# --- the stack --------------------------------------------------------------------------
say "starting the local stack (data in $PIPELINE_DATA_DIR, API on $api)"
./pipeline-local.sh --wipe >"$work/stack.log" 2>&1 &
stack_pid=$!
until [[ -s "$PIPELINE_DATA_DIR/stack.json" ]]; do
  kill -0 "$stack_pid" 2>/dev/null || { tail -n 20 "$work/stack.log"; stack_pid=""; say "FAIL: the stack did not start"; exit 1; }
  sleep 2
done
say "stack healthy"
admin_token=$(jq -r .adminToken "$PIPELINE_DATA_DIR/stack.json")

prometheus --config.file="$work/prometheus/prometheus.yml" --storage.tsdb.path="$work/prometheus/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
until curl -sf "$prom/-/ready" >/dev/null; do
  kill -0 "$prometheus_pid" 2>/dev/null || { tail -n 20 "$work/prometheus.log"; prometheus_pid=""; say "FAIL: Prometheus did not start"; exit 1; }
  sleep 1
done
say "Prometheus ready on $prom"

# --- load -------------------------------------------------------------------------------
account() { # name quota -> API key
  curl -sf -X POST "$api/v1/admin/accounts" -H "X-Admin-Token: $admin_token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1-$$-$RANDOM\",\"quotaLimit\":$2,\"ratePerMinute\":100000}" | jq -r .apiKey
}
predict() { # key model body [header] -> HTTP status
  curl -s -o /dev/null -w '%{http_code}' -X POST "$api/v1/models/$2/predict" -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' ${4:+-H "$4"} -d "$3"
}
key=$(account verify 100000000)
# Models are predictable once the worker has announced them.
deadline=$(($(date +%s) + 300))
until [[ "$(predict "$key" sentiment '{"inputs":["ready?"]}')" == 200 && "$(predict "$key" kalman '{"inputs":[[1,2]]}')" == 200 ]]; do
  (($(date +%s) < deadline)) || { say "FAIL: the models were not predictable within 300 s"; exit 1; }
  sleep 2
done
say "models announced; driving load for ${load_seconds} s"

steady_load() { # one client: sync predictions of both models, async jobs, and some client errors
  local i=0 job
  while true; do
    i=$((i + 1))
    predict "$key" sentiment '{"inputs":["I love this film","dull and far too long","fine"]}' >/dev/null
    predict "$key" kalman '{"inputs":[[1,2,3,4,5,6,7,8]],"parameters":{"processNoise":0.1}}' >/dev/null
    if ((i % 5 == 0)); then
      job=$(curl -s -X POST "$api/v1/models/sentiment/predict" -H "Authorization: Bearer $key" \
        -H 'Content-Type: application/json' -H 'Prefer: respond-async' -d '{"inputs":["queued as a job"]}' | jq -r '.id // empty')
      [[ -n "$job" ]] && curl -s -o /dev/null "$api/v1/jobs/$job" -H "Authorization: Bearer $key"
      predict "$key" no-such-model '{"inputs":["x"]}' >/dev/null                         # 404
      predict "$key" sentiment '{"inputs":[]}' >/dev/null                                # 422 at the ingress
      predict "$key" kalman '{"inputs":[[1,2,3]],"parameters":{"processNoise":-1}}' >/dev/null # 422 from the worker
    fi
  done
}
for _ in 1 2 3; do steady_load & load_pids+=($!); done

# A synchronous call falls back to a job when its reply misses the wait budget: bursts of large
# requests with the shortest wait (1 s) until the ingress has counted one.
texts=$(jq -cn '[range(64) | "a long enough sentence to keep the model busy for a while, number \(.)"]')
fallbacks_seen() { curl -s "http://127.0.0.1:$PIPELINE_MANAGEMENT_PORT/actuator/prometheus" | grep -q '^pipeline_prediction_fallbacks_total{'; }
for _ in $(seq 1 30); do
  fallbacks_seen && break
  for _ in $(seq 1 12); do predict "$key" sentiment "{\"inputs\":$texts}" 'Prefer: wait=1' >/dev/null & done
  wait_for=$!; wait "$wait_for" 2>/dev/null || true; sleep 1
done
fallbacks_seen && say "a synchronous call fell back to a job" || fail "no synchronous call fell back to a job"

# An account that runs out of quota: the QuotaExhaustion rule must see the refusals.
small=$(account verify-quota 3)
for _ in $(seq 1 10); do predict "$small" sentiment '{"inputs":["one","two"]}' >/dev/null; done

sleep "$load_seconds"

# --- checks -----------------------------------------------------------------------------
query() { curl -s --get "$prom/api/v1/query" --data-urlencode "query=$1"; }
has_data() { # a result with at least one value that is a number (a NaN draws nothing)
  query "$1" | jq -e '.status == "success" and ([.data.result[] | (.value[1] // "NaN") | select(. != "NaN")] | length > 0)' >/dev/null
}

say "checking the rules Prometheus loaded"
rules=$(curl -s "$prom/api/v1/rules")
loaded=$(jq '[.data.groups[].rules[] | select(.type == "alerting")] | length' <<<"$rules")
[[ "$loaded" == "$rules_in_file" ]] && say "  $loaded of $rules_in_file alert rules loaded" || fail "$loaded of $rules_in_file alert rules loaded"
for _ in $(seq 1 30); do
  rules=$(curl -s "$prom/api/v1/rules")
  [[ $(jq '[.data.groups[].rules[] | select(.health != "ok")] | length' <<<"$rules") == 0 ]] && break
  sleep 2
done
jq -r '.data.groups[].rules[] | "  \(.name): health \(.health) \(.state // "")\(if .lastError then " " + .lastError else "" end)"' <<<"$rules"
unhealthy=$(jq '[.data.groups[].rules[] | select(.health != "ok")] | length' <<<"$rules")
((unhealthy == 0)) || fail "$unhealthy rules did not evaluate"
for _ in $(seq 1 30); do has_data 'ALERTS{alertname="QuotaExhaustion"}' && break; sleep 2; done
has_data 'ALERTS{alertname="QuotaExhaustion"}' && say "  QuotaExhaustion is pending or firing after the small account ran out" \
  || fail "QuotaExhaustion did not go pending after an account ran out of quota"

say "checking every dashboard panel's queries"
panels_total=0 panels_ok=0
for dashboard in deploy/grafana/dashboards/*.json; do
  # Grafana's interval variables become the windows a 2 s scrape fills within a minute.
  while IFS=$'\t' read -r title expr; do
    panels_total=$((panels_total + 1))
    expr=${expr//\$__rate_interval/1m}
    expr=${expr//\$__interval/10s}
    ok=false
    # Kafka's client metrics are bound up to a minute after a consumer's partitions are
    # assigned, so a query gets a while to have data.
    for _ in $(seq 1 45); do has_data "$expr" && { ok=true; break; }; sleep 2; done
    if $ok; then panels_ok=$((panels_ok + 1)); say "  ok      $title: $expr"
    else fail "no data: $title: $expr"; fi
  done < <(jq -r '.panels[] | select(.type != "row") | .title as $t | .targets[] | [$t, .expr] | @tsv' "$dashboard")
done

say "consumer groups with lag series: $(query 'kafka_consumergroup:records_lag:sum' | jq -r '[.data.result[].metric.group] | sort | join(", ")')"
say "summary: $panels_ok of $panels_total panel queries returned data; $loaded alert rules loaded, $unhealthy unhealthy; $failures failures"
((failures == 0)) || exit 1
say "observability verified"
