#!/usr/bin/env bash
# The official image's behaviour, reduced to what docker-compose.yml and the Testcontainers test
# servers use: initialise an empty PGDATA with POSTGRES_USER as the superuser (password auth over
# TCP, or POSTGRES_HOST_AUTH_METHOD, e.g. trust), create POSTGRES_DB, then exec the server as the
# postgres user so it is PID 1 and gets the stop signal itself.
set -euo pipefail
if [[ "${1:-}" == -* ]]; then set -- postgres "$@"; fi
if [[ "$1" != postgres ]]; then exec "$@"; fi
auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
[[ "$auth" == trust ]] || : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres initdb -D "$PGDATA" --username="$user" ${POSTGRES_PASSWORD:+--pwfile="$pwfile"} --auth-local=trust \
    --auth-host="$auth" --encoding=UTF8 >/dev/null
  rm -f "$pwfile"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
  if [[ "$db" != postgres ]]; then
    # A temporary server on the socket only, as the official image does, so nothing reaches
    # the database over TCP before it exists.
    as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    as_postgres psql -v ON_ERROR_STOP=1 --username="$user" --dbname=postgres \
      -c "CREATE DATABASE \"$db\"" >/dev/null
    as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "docker-entrypoint: initialised $PGDATA (database $db, owner $user)"
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
