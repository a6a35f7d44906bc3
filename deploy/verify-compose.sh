#!/usr/bin/env bash
# Runs the real docker-compose.yml on this machine, which has Docker from Debian but no image
# registry (issue 15, part 3; docs/deployment.md, "Verified here", has a run and its time):
#   1. Docker: Debian's docker.io, docker-compose and debootstrap (apt-get, when missing); a
#      dockerd of its own (socket and data under the cache directory) unless one answers already;
#   2. stand-in images for every public image the compose file names, built from a local Debian
#      root (debootstrap bookworm from the configured Debian mirror) and Debian's packages
#      (deploy/images/: JRE, PostgreSQL, Redis, HAProxy, Prometheus) and, for Kafka, from the Maven
#      artifacts of the project's kafka.version; tagged standin/... and passed to compose through
#      the variables the compose file takes (KAFKA_IMAGE, POSTGRES_IMAGE, ...);
#   3. the pipeline's own images from deploy/docker/Dockerfile (the jars are built first when a
#      fresh clone has none);
#   4. the stack on the host network (deploy/compose.hostnet.yml, deploy/hostnet/): all its
#      traffic on the loopback interface, no container address is ever used; three workers;
# then checks, printing each: all healthy; an account; a synchronous prediction; a job to
# SUCCEEDED; a record through the broker's host listener with kcat; metrics in Prometheus; a
# restart (`down`, then `up`, volumes kept) keeps the data; the three workers share the load;
# `down -v` leaves no container, volume or network of the project. It stops the dockerd it
# started. Exit status 0 only when every check passed; a failed check says what failed.
#
#   deploy/verify-compose.sh
#   deploy/verify-compose.sh --build-only [jre kafka postgres redis haproxy prometheus]
#
# --build-only stops after step 2: it builds the named stand-in images (all of them without a
# name; kafka needs jre) and prints their tags, e.g. for the integration tests on Testcontainers
# (docs/deployment.md, "The integration tests on Testcontainers").
# Environment:
#   VERIFY_COMPOSE_CACHE  the Debian root, Kafka's jars and the dockerd data (images, layer
#                         cache) are kept here between runs (default /var/cache/pipeline-verify-compose)
#   VERIFY_KEEP_STACK     leave the stack running (and dockerd) instead of the final `down -v`
# Needs root (dockerd, debootstrap), curl, jq and kcat. Grafana is not run: Debian has no package
# to stand in for it.
set -euo pipefail
build_only=""
standins=(jre kafka postgres redis haproxy prometheus)
if [[ ${1:-} == --build-only ]]; then
  build_only=1
  shift
  (($# == 0)) || standins=("$@")
fi
cd "$(dirname "$0")/.."
root=$PWD
began=$(date +%s)
cache=${VERIFY_COMPOSE_CACHE:-/var/cache/pipeline-verify-compose}
project=pipelineverify
work=$(mktemp -d "${TMPDIR:-/tmp}/verify-compose.XXXXXX")
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml | head -n 1)
dockerd_pid=""
passed=0
failed=()
stack_up=""

say() { printf '[%4ds] %s\n' "$(($(date +%s) - began))" "$*"; }
pass() { say "PASS: $*"; passed=$((passed + 1)); }
fail() { say "FAIL: $*"; failed+=("$*"); }
die() { fail "$*"; exit 1; }

compose() { docker-compose --project-name "$project" --project-directory "$root" --env-file "$work/env" -f "$work/hostnet.yml" "$@"; }

finish() {
  local status=$?
  if [[ -n "$stack_up" && -z "${VERIFY_KEEP_STACK:-}" ]]; then
    say "logs of the run: $work/logs.txt"
    compose logs --no-color >"$work/logs.txt" 2>&1 || true
    compose --profile grafana down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  if [[ -n "$dockerd_pid" && -z "${VERIFY_KEEP_STACK:-}" ]]; then
    kill -TERM "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
    say "stopped dockerd (pid $dockerd_pid)"
  fi
  if [[ -n "$build_only" ]]; then
    say "stand-in images built: ${standins[*]}; failed: ${#failed[@]}; total $(($(date +%s) - began)) s"
  else
    say "checks passed: $passed, failed: ${#failed[@]}; total $(($(date +%s) - began)) s"
  fi
  for f in "${failed[@]}"; do say "  failed: $f"; done
  ((${#failed[@]} == 0 && status == 0)) || exit 1
}
trap finish EXIT
trap 'exit 130' INT TERM

# --- 1. Docker ---------------------------------------------------------------------------
[[ $(id -u) == 0 ]] || die "needs root (dockerd, debootstrap)"
[[ -n "$build_only" ]] || for tool in curl jq kcat; do command -v "$tool" >/dev/null || die "needs $tool"; done
if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null || ! command -v debootstrap >/dev/null; then
  say "installing docker.io, docker-compose and debootstrap from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io docker-compose debootstrap >"$work/apt.log" 2>&1 \
    || { apt-get update >>"$work/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io docker-compose debootstrap >>"$work/apt.log" 2>&1; } \
    || die "apt-get install docker.io docker-compose debootstrap failed ($work/apt.log)"
fi
mkdir -p "$cache"
if [[ -z "${DOCKER_HOST:-}" ]] && ! docker version >/dev/null 2>&1; then
  # A daemon of its own: its socket, data root and exec root, no bridge and no iptables rules
  # (every container here runs on the host network), so the host's networking is untouched.
  export DOCKER_HOST=unix:///run/pipeline-verify-docker.sock
  say "starting dockerd (data in $cache/docker, log $work/dockerd.log)"
  dockerd --host "$DOCKER_HOST" --data-root "$cache/docker" --exec-root /run/pipeline-verify-docker \
    --pidfile /run/pipeline-verify-docker.pid --bridge=none --iptables=false --ip-masq=false \
    >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
  docker version >/dev/null 2>&1 || { tail -n 20 "$work/dockerd.log"; die "dockerd did not start"; }
fi
say "$(docker version --format 'Docker engine {{.Server.Version}}'), $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"
# The legacy builder: BuildKit would want its frontend and a bridge network.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0

# --- 2. stand-in images -------------------------------------------------------------------
base=standin/debian:bookworm
if ! docker image inspect "$base" >/dev/null 2>&1; then
  if [[ ! -f "$cache/bookworm.tar" ]]; then
    mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p; s/^deb \(http[^ ]*debian\) bookworm .*/\1/p' \
      /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -n 1)
    mirror=${mirror:-http://deb.debian.org/debian}
    say "debootstrap bookworm from $mirror (once; cached in $cache)"
    rm -rf "$cache/rootfs"
    debootstrap --variant=minbase bookworm "$cache/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || die "debootstrap failed ($work/debootstrap.log)"
    tar -C "$cache/rootfs" -cf "$cache/bookworm.tar.part" . && mv "$cache/bookworm.tar.part" "$cache/bookworm.tar"
    rm -rf "$cache/rootfs"
  fi
  docker import "$cache/bookworm.tar" "$base" >/dev/null
fi

# Kafka's jars at the project's kafka.version, from ~/.m2 (offline; online when something is missing).
if [[ ! -f "$cache/kafka-libs-$kafka_version/kafka_2.13-$kafka_version.jar" ]]; then
  say "collecting Kafka $kafka_version's jars (deploy/images/kafka/pom.xml)"
  rm -rf "$cache/kafka-libs-$kafka_version"
  ./mvnw -q -o -f deploy/images/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$cache/kafka-libs-$kafka_version" >"$work/kafka-libs.log" 2>&1 \
    || ./mvnw -q -f deploy/images/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$cache/kafka-libs-$kafka_version" >>"$work/kafka-libs.log" 2>&1 \
    || die "could not collect Kafka's jars ($work/kafka-libs.log)"
fi

standin() { # name tag [build args...]: builds deploy/images/<name> (layer cache: fast when unchanged)
  local name=$1 tag=$2 context=deploy/images/$1
  shift 2
  if [[ $name == kafka ]]; then
    context=$work/kafka-context
    mkdir -p "$context" && cp -r deploy/images/kafka/. "$context/" && cp -r "$cache/kafka-libs-$kafka_version" "$context/libs"
  fi
  local t0=$(date +%s)
  docker build --network host -q -t "$tag" --build-arg "BASE_IMAGE=$base" "$@" "$context" >"$work/build-$name.log" 2>&1 \
    || { tail -n 20 "$work/build-$name.log"; die "building the stand-in $tag failed"; }
  say "stand-in $tag ($(($(date +%s) - t0)) s)"
}
export JRE_IMAGE=standin/jre:17 KAFKA_IMAGE=standin/kafka:$kafka_version POSTGRES_IMAGE=standin/postgres:15
export REDIS_IMAGE=standin/redis:7 LB_IMAGE=standin/haproxy:2.6 PROMETHEUS_IMAGE=standin/prometheus:2.53
for name in "${standins[@]}"; do
  case "$name" in
    jre) standin jre "$JRE_IMAGE" ;;
    kafka) standin kafka "$KAFKA_IMAGE" --build-arg "JRE_IMAGE=$JRE_IMAGE" ;;
    postgres) standin postgres "$POSTGRES_IMAGE" ;;
    redis) standin redis "$REDIS_IMAGE" ;;
    haproxy) standin haproxy "$LB_IMAGE" ;;
    prometheus) standin prometheus "$PROMETHEUS_IMAGE" ;;
    *) die "no stand-in image named $name (jre kafka postgres redis haproxy prometheus)" ;;
  esac
done
[[ -z "$build_only" ]] || exit 0

# --- 3. the pipeline's images ------------------------------------------------------------
for service in ingress-api predictor-worker metrics-aggregator analyst-worker; do
  if ! compgen -G "$service/target/$service-*-exec.jar" >/dev/null; then
    say "building the runnable jars (./mvnw -o -DskipTests package; a fresh clone has none)"
    ./mvnw -q -o -DskipTests package >"$work/package.log" 2>&1 || die "./mvnw -DskipTests package failed ($work/package.log)"
    break
  fi
done

# A .env of this run: fresh secrets, the stand-in images by the compose file's own variables.
secret() { head -c 18 /dev/urandom | base64 | tr -d '/+='; }
admin_token=$(secret)
cat >"$work/env" <<EOF
POSTGRES_PASSWORD=$(secret)
REDIS_PASSWORD=$(secret)
PIPELINE_ADMIN_TOKEN=$admin_token
GRAFANA_ADMIN_PASSWORD=$(secret)
JRE_IMAGE=$JRE_IMAGE
KAFKA_IMAGE=$KAFKA_IMAGE
POSTGRES_IMAGE=$POSTGRES_IMAGE
REDIS_IMAGE=$REDIS_IMAGE
LB_IMAGE=$LB_IMAGE
PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE
EOF
# docker-compose.yml as it is, with the host-network override, then what Compose 1.29 cannot
# say in an override (deploy/hostnet/to-host-network.py).
docker-compose --project-name "$project" --project-directory "$root" --env-file "$work/env" \
  -f docker-compose.yml -f deploy/compose.hostnet.yml config >"$work/rendered.yml" || die "docker-compose config failed"
python3 deploy/hostnet/to-host-network.py 3 <"$work/rendered.yml" >"$work/hostnet.yml"

t0=$(date +%s)
compose build >"$work/build-pipeline.log" 2>&1 || { tail -n 20 "$work/build-pipeline.log"; die "building the pipeline's images failed"; }
say "pipeline images built ($(($(date +%s) - t0)) s)"

# --- 4. the stack ------------------------------------------------------------------------
for port in 8080 9080 9081 9082 9083 9090 9092 9093 9094 9181 9281 5432 6379 28080; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is taken on this machine: the host-network stack needs it"; fi
done

api=http://127.0.0.1:8080
prom=http://127.0.0.1:9090
services() { compose config --services; }

# Every container healthy (pipeline-init: exited 0), within a deadline.
await_healthy() { # label seconds
  local deadline=$(($(date +%s) + $2)) state bad
  while true; do
    bad=""
    for id in $(compose ps -q); do
      state=$(docker inspect --format '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}} {{.State.ExitCode}}' "$id")
      case "$state" in
        *pipeline-init*" exited - 0") ;;
        *" running healthy "*) ;;
        *) bad+=" ${state%% *}(${state#* })" ;;
      esac
    done
    local count=$(compose ps -q | wc -l)
    if [[ -z "$bad" && $count -ge $(services | grep -vc '^grafana$') ]]; then pass "$1: all $count containers healthy (pipeline-init exited 0)"; return 0; fi
    if (($(date +%s) > deadline)); then fail "$1: not healthy within $2 s:$bad"; return 1; fi
    sleep 5
  done
}

say "docker-compose up -d (project $project, $(services | grep -vc '^grafana$') services)"
t0=$(date +%s)
stack_up=1
compose up -d >"$work/up.log" 2>&1 || { tail -n 20 "$work/up.log"; fail "docker-compose up failed (see the health states below)"; }
await_healthy "up" 600 || die "the stack did not come up; see $work/logs.txt"
say "stack up in $(($(date +%s) - t0)) s"

# An account, with a quota large enough for the checks.
account_json=$(curl -s -X POST "$api/v1/admin/accounts" -H "X-Admin-Token: $admin_token" -H 'Content-Type: application/json' \
  -d '{"name":"verify-compose","quotaLimit":100000,"ratePerMinute":100000}')
key=$(jq -r '.apiKey // empty' <<<"$account_json")
[[ -n "$key" ]] && pass "account created through the balancer (id $(jq -r .id <<<"$account_json"))" \
  || die "no account: $account_json"

predict() { # model body [header] -> body, status on the last line
  curl -s -w '\n%{http_code}' -X POST "$api/v1/models/$1/predict" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' ${3:+-H "$3"} -d "$2"
}
# The models are predictable once the workers have announced them on inference.models.
deadline=$(($(date +%s) + 300))
until out=$(predict sentiment '{"inputs":["a fine film, I loved it"]}'); [[ "${out##*$'\n'}" == 200 ]]; do
  (($(date +%s) < deadline)) || break
  sleep 2
done
[[ "${out##*$'\n'}" == 200 ]] && pass "synchronous prediction: $(head -n 1 <<<"$out" | jq -c '.outputs // .' | cut -c1-120)" \
  || fail "synchronous prediction: HTTP ${out##*$'\n'}: $(head -n 1 <<<"$out" | cut -c1-300)"

# A job: accepted asynchronously, polled until SUCCEEDED.
job=$(curl -s -X POST "$api/v1/models/kalman/jobs" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"inputs":[[1.0,1.4,0.9,1.2,1.1,1.3]]}' | jq -r '.id // empty')
status=""
if [[ -n "$job" ]]; then
  for _ in $(seq 1 60); do
    status=$(curl -s "$api/v1/jobs/$job" -H "Authorization: Bearer $key" | jq -r '.status // empty')
    [[ "$status" == SUCCEEDED || "$status" == FAILED ]] && break
    sleep 1
  done
fi
[[ "$status" == SUCCEEDED ]] && pass "job $job SUCCEEDED" || fail "job ${job:-(none accepted)} ended ${status:-without a status}"

# kcat through the broker's host listener (localhost:9094): a request written straight to
# inference.requests (docs/quickstart.md, step 4) is answered on inference.results.
id="kcat-verify-$$-$RANDOM"
printf '{"id":"%s","model":"sentiment","inputs":["Straight from Kafka, through the host listener"]}\n' "$id" \
  | kcat -P -b localhost:9094 -t inference.requests -k "$id" 2>"$work/kcat.log" || true
result=""
for _ in $(seq 1 60); do
  result=$(kcat -C -b localhost:9094 -t inference.results -X isolation.level=read_committed -o -500 -e -q \
    -f '%k %s\n' 2>>"$work/kcat.log" | grep "^$id " || true)
  [[ -n "$result" ]] && break
  sleep 1
done
[[ "$result" == *'"status":"SUCCEEDED"'* ]] \
  && pass "kcat via localhost:9094: request $id on inference.requests answered SUCCEEDED on inference.results" \
  || fail "kcat via localhost:9094: no SUCCEEDED result for $id on inference.results (${result:0:200}; $(tail -n 2 "$work/kcat.log" | tr '\n' ' '))"

# Load for the workers, then metrics: Prometheus scrapes every service, and each of the three
# workers has answered some of the predictions (its own pipeline_* counters, by its port).
say "60 predictions through the balancer"
codes=$(for i in $(seq 1 60); do predict sentiment "{\"inputs\":[\"request $i of the load\"]}" | tail -n 1; echo; done \
  | sort | uniq -c | awk '{printf "%s%s x %s", (NR > 1 ? ", " : ""), $1, $2}')
say "  HTTP status: $codes"

worker_count() { # management port -> predictions that worker answered (sum of its prediction counters)
  curl -s "http://127.0.0.1:$1/actuator/prometheus" \
    | awk '/^inference_request_success_total\{/ {s += $NF} END {print s + 0}'
}
shares=""
all_worked=1
for port in 9081 9181 9281; do
  n=$(worker_count "$port")
  shares+=" :$port=$n"
  [[ "$n" != 0 ]] || all_worked=""
done
[[ -n "$all_worked" ]] && pass "three workers share the load (predictions per worker:$shares)" \
  || fail "three workers share the load: some worker answered none (predictions per worker:$shares)"

# Metrics in Prometheus (deploy/hostnet/prometheus.yml, the jobs of prometheus-compose.yml):
# every target up, and the workers' counters of the predictions above.
deadline=$(($(date +%s) + 120))
while true; do
  up=$(curl -s "$prom/api/v1/query" --data-urlencode 'query=sum(up)' | jq -r '.data.result[0].value[1] // 0')
  answered=$(curl -s "$prom/api/v1/query" --data-urlencode 'query=sum(inference_request_success_total)' | jq -r '.data.result[0].value[1] // 0')
  [[ "$up" == 6 && "$answered" != 0 ]] && break
  (($(date +%s) < deadline)) || break
  sleep 5
done
targets=$(curl -s "$prom/api/v1/targets" | jq -r '[.data.activeTargets[] | "\(.labels.job)@\(.labels.instance)=\(.health)\(if .lastError != "" then " (" + .lastError + ")" else "" end)"] | join(", ")')
[[ "$up" == 6 && "$answered" != 0 ]] \
  && pass "metrics in Prometheus: 6 of 6 targets up, sum(inference_request_success_total) = $answered ($targets)" \
  || fail "metrics in Prometheus: up = $up of 6, sum(inference_request_success_total) = $answered ($targets)"

# --- restart: down (volumes kept), up, the account still works ---------------------------
say "docker-compose down (volumes kept), then up -d"
compose down >"$work/down.log" 2>&1 || fail "docker-compose down failed"
t0=$(date +%s)
compose up -d >"$work/up2.log" 2>&1 || fail "the second docker-compose up failed"
await_healthy "restart" 600 || true
say "stack up again in $(($(date +%s) - t0)) s"
deadline=$(($(date +%s) + 300))
until out=$(predict sentiment '{"inputs":["still here after a restart"]}'); [[ "${out##*$'\n'}" == 200 ]]; do
  (($(date +%s) < deadline)) || break
  sleep 2
done
job_after=$(curl -s "$api/v1/jobs/$job" -H "Authorization: Bearer $key" | jq -r '.status // empty')
[[ "${out##*$'\n'}" == 200 && "$job_after" == SUCCEEDED ]] \
  && pass "restart keeps the data: the account's key still predicts, job $job still SUCCEEDED" \
  || fail "restart keeps the data: prediction HTTP ${out##*$'\n'} ($(head -n 1 <<<"$out" | cut -c1-200)), job ${job_after:-not found}"

# --- down -v leaves nothing --------------------------------------------------------------
if [[ -n "${VERIFY_KEEP_STACK:-}" ]]; then say "VERIFY_KEEP_STACK: the stack stays up (DOCKER_HOST=${DOCKER_HOST:-default})"; exit 0; fi
compose logs --no-color >"$work/logs.txt" 2>&1 || true
compose --profile grafana down -v --remove-orphans >"$work/down-v.log" 2>&1 || fail "docker-compose down -v failed"
stack_up=""
left=$(docker ps -aq --filter "label=com.docker.compose.project=$project" | wc -l)
volumes=$(docker volume ls -q --filter "label=com.docker.compose.project=$project" | tr '\n' ' ')
networks=$(docker network ls -q --filter "label=com.docker.compose.project=$project" | tr '\n' ' ')
[[ $left == 0 && -z "$volumes" && -z "$networks" ]] \
  && pass "down -v leaves nothing: no container, volume or network of project $project" \
  || fail "down -v left containers: $left, volumes: [$volumes], networks: [$networks]"
