#!/usr/bin/env bash
# Offline checks of docker-compose.yml, without a Docker engine: Compose itself parses and
# interpolates the file (`docker compose config`, or Debian's docker-compose), then the rendered
# model is held to docs/deployment.md's promises. Exit status 0 only when all hold.
#   deploy/docker/check-compose.sh
# Needs docker compose or docker-compose, and python3 with PyYAML; checks haproxy.cfg and the
# Prometheus configuration too where haproxy and promtool are installed.
set -euo pipefail
cd "$(dirname "$0")/../.."

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  compose=(docker-compose)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# An empty environment file, so that a developer's .env plays no part in the checks.
: >"$work/empty.env"

# Without secrets the file must not start.
if env -i PATH="$PATH" "${compose[@]}" --env-file "$work/empty.env" config >"$work/none.out" 2>&1; then
  echo "FAILED: docker-compose.yml renders without any secret set" >&2
  exit 1
fi
grep -q "set POSTGRES_PASSWORD in .env" "$work/none.out" || {
  echo "FAILED: missing secrets are not named:" >&2; cat "$work/none.out" >&2; exit 1; }
echo "ok: refuses to render without the secrets of .env"

cat >"$work/check.env" <<'EOF'
POSTGRES_PASSWORD=check-postgres-password
REDIS_PASSWORD=check-redis-password
PIPELINE_ADMIN_TOKEN=check-admin-token-0123456789
GRAFANA_ADMIN_PASSWORD=check-grafana-password
EOF
env -i PATH="$PATH" "${compose[@]}" --env-file "$work/check.env" config >"$work/config.yml"
echo "ok: $("${compose[@]}" --env-file "$work/check.env" config --services | wc -l) services render (${compose[*]})"

kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml)
python3 - "$work/config.yml" "$kafka_version" <<'EOF'
import os
import re
import sys

import yaml

config = yaml.safe_load(open(sys.argv[1]))
kafka_version = sys.argv[2]
services = config["services"]
raw = open("docker-compose.yml").read()
problems = []

pipeline = ["ingress-api", "predictor-worker", "metrics-aggregator", "analyst-worker"]
scaled = ["ingress-api", "predictor-worker"]
one_shot = ["pipeline-init"]

for name, service in services.items():
    if name in one_shot:
        if service.get("restart", "no") != "no":
            problems.append(f"{name}: a one-shot must not be restarted")
        continue
    if "healthcheck" not in service:
        problems.append(f"{name}: no healthcheck")
    elif service.get("init") is not True:
        problems.append(f"{name}: a healthcheck without init: true (nothing reaps what a check leaves behind)")
    if service.get("restart") != "unless-stopped":
        problems.append(f"{name}: restart is {service.get('restart')!r}, not unless-stopped")
    if not (service.get("mem_limit") or service.get("deploy", {}).get("resources", {}).get("limits", {}).get("memory")):
        problems.append(f"{name}: no memory limit")
    for dependency, spec in (service.get("depends_on") or {}).items():
        condition = spec.get("condition") if isinstance(spec, dict) else None
        wanted = "service_completed_successfully" if dependency in one_shot else "service_healthy"
        if condition != wanted:
            problems.append(f"{name}: depends on {dependency} with condition {condition!r}, not {wanted}")
    for mount in service.get("volumes") or []:
        source = mount.get("source") if isinstance(mount, dict) else mount.split(":")[0]
        if source and source.startswith("/") and not os.path.exists(source):
            problems.append(f"{name}: mounts {source}, which does not exist")

for name in scaled:
    service = services[name]
    if "container_name" in service or service.get("ports"):
        problems.append(f"{name}: is scaled, so it may have no container_name and no published port")

for name in pipeline:
    service = services[name]
    if service.get("environment", {}).get("SPRING_PROFILES_ACTIVE") != "prod":
        problems.append(f"{name}: SPRING_PROFILES_ACTIVE is not prod")
    if "build" not in service:
        problems.append(f"{name}: not built from deploy/docker/Dockerfile")
if services["predictor-worker"]["build"].get("target") != "predictor-worker":
    problems.append("predictor-worker: not built with the target that carries the models")

for name in ["kafka", "postgres", "redis"]:
    image = services[name]["image"]
    tag = image.rsplit(":", 1)[1] if ":" in image.split("/")[-1] else "latest"
    if not re.match(r"^v?\d", tag):
        problems.append(f"{name}: image {image} is not pinned to a version")
kafka_image = services["kafka"]["image"]
if not kafka_image.endswith(":" + kafka_version):
    problems.append(f"kafka: image {kafka_image} is not the clients' Kafka {kafka_version} (pom.xml kafka.version)")

# No literal secret in the file: every password, token or key is a ${VARIABLE...}.
for match in re.finditer(r"^\s*([A-Z_]*(PASSWORD|TOKEN|API_KEY)[A-Z_]*):\s*(.*)$", raw, re.M):
    value = match.group(3).strip()
    if not value.startswith("${") and not value.startswith("$${"):
        problems.append(f"docker-compose.yml: {match.group(1)} has a literal value")

for name, service in services.items():
    for port in service.get("ports") or []:
        host_ip = port.get("host_ip") if isinstance(port, dict) else port.split(":")[0]
        if host_ip != "127.0.0.1":
            problems.append(f"{name}: port {port} is published beyond localhost")
kafka_env = services["kafka"]["environment"]
if "localhost:9094" not in kafka_env.get("KAFKA_ADVERTISED_LISTENERS", ""):
    problems.append("kafka: no listener advertised as localhost:9094 for the host")

redis = " ".join(services["redis"].get("command") or [])
if "--appendonly yes" not in redis:
    problems.append("redis: not append-only")
for name, path in [("kafka", "/var/lib/kafka/data"), ("postgres", "/var/lib/postgresql/data"), ("redis", "/data")]:
    mounts = services[name].get("volumes") or []
    named = lambda m: (m.get("target") == path and m.get("type") == "volume") if isinstance(m, dict) \
        else (m.split(":")[1] == path and not m.startswith(("/", ".")))
    if not any(named(m) for m in mounts):
        problems.append(f"{name}: {path} is not on a named volume")

# Prometheus in compose scrapes the same jobs the alert rules and the dashboard select on.
jobs = lambda file: sorted(j["job_name"] for j in yaml.safe_load(open(file))["scrape_configs"])
if jobs("deploy/prometheus/prometheus-compose.yml") != jobs("deploy/prometheus/prometheus.yml"):
    problems.append("deploy/prometheus/prometheus-compose.yml: its jobs differ from prometheus.yml's")

for problem in problems:
    print("FAILED:", problem, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"ok: {len(services)} services hold every check (healthchecks with init, conditions, restart, memory, "
      f"scaling, prod profile, pinned images, Kafka {kafka_version}, no literal secrets, localhost ports, volumes)")
EOF

# The configuration files the compose stack mounts, by their own tools when this machine has them
# (Debian: apt-get install haproxy prometheus).
if command -v haproxy >/dev/null; then
  haproxy -c -f deploy/docker/haproxy.cfg >/dev/null
  echo "ok: deploy/docker/haproxy.cfg ($(haproxy -v | head -n 1 | cut -d' ' -f1-3))"
else
  echo "skipped: deploy/docker/haproxy.cfg (no haproxy here)"
fi
if command -v promtool >/dev/null; then
  promtool check config deploy/prometheus/prometheus-compose.yml >/dev/null
  echo "ok: deploy/prometheus/prometheus-compose.yml and its rules ($(promtool --version 2>&1 | head -n 1 | cut -d' ' -f1-3))"
else
  echo "skipped: deploy/prometheus/prometheus-compose.yml (no promtool here)"
fi
