#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: a temporary folder, a free
# port on 127.0.0.1, stopped and removed afterwards. The command gets its URL in
# PARTNER_MAP_TEST_POSTGRES (a superuser URL; tests create a database each).
set -euo pipefail

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DIR=$(mktemp -d /tmp/partner-map-pg.XXXXXX)

# initdb refuses to run as root: run the cluster as the postgres user then.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$DIR"

cleanup() {
  as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

as_owner "$PG_BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 > "$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log"; exit 1; }
as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start > /dev/null \
  || { cat "$DIR/server.log"; exit 1; }
echo "==> PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"

export PARTNER_MAP_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
