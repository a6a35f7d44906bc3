#!/usr/bin/env bash
# Container healthcheck without curl or wget (neither is in every JRE image): an HTTP/1.0 GET
# through bash's /dev/tcp, healthy on a 200 answer.
#   healthcheck <port> [path]    default path: /actuator/health/readiness
set -eu
port=$1
path=${2:-/actuator/health/readiness}
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
read -r -t 5 _ status _ <&3
[[ "$status" == 200 ]]
