#!/usr/bin/env python3
"""Turns a rendering of docker-compose.yml + deploy/compose.hostnet.yml (`docker-compose config`,
on stdin) into the stack deploy/verify-compose.sh runs (stdout): what Compose 1.29 cannot say in
an override file.

- every service on the host network: its `networks` and `ports` give way to `network_mode: host`
  (the override has already moved every listener to a loopback port of its own), and the
  top-level networks go;
- `--scale predictor-worker=N` on one network stack: N services, predictor-worker and copies
  predictor-worker-2..N, each with its own PREDICTOR_INSTANCE_ID (worker-<i>) and management port
  (9081 + 100 (i - 1)), which its healthcheck asks. deploy/hostnet/prometheus.yml scrapes those
  ports.

    to-host-network.py [workers] < rendered.yml > hostnet.yml     workers: default 3
"""
import copy
import sys

import yaml

workers = int(sys.argv[1]) if len(sys.argv) > 1 else 3
stack = yaml.safe_load(sys.stdin)
stack.pop("networks", None)
services = stack["services"]
for service in services.values():
	service.pop("networks", None)
	service.pop("ports", None)
	service["network_mode"] = "host"

worker = services["predictor-worker"]
for i in range(2, workers + 1):
	port = str(9081 + 100 * (i - 1))
	clone = copy.deepcopy(worker)
	clone["environment"]["PREDICTOR_INSTANCE_ID"] = f"worker-{i}"
	clone["environment"]["MANAGEMENT_SERVER_PORT"] = port
	clone["healthcheck"]["test"] = ["CMD", "healthcheck", port]
	# One image for all: only the first builds it.
	clone.pop("build", None)
	services[f"predictor-worker-{i}"] = clone

yaml.safe_dump(stack, sys.stdout, default_flow_style=False, sort_keys=False)
