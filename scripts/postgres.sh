#!/usr/bin/env bash
# A PostgreSQL 15 server of the project's own, on 127.0.0.1 only, all state in one directory.
#   usage: postgres.sh start|stop|status|reset
# env: CP_PG_DIR (state dir), CP_PG_PORT, CP_PG_PASSWORD (password of the postgres superuser),
#      CP_PG_FAST=1 trades durability for speed (tests only: fsync off)
set -euo pipefail
DIR=${CP_PG_DIR:-/var/tmp/controlplane/pg}
PORT=${CP_PG_PORT:-5432}
PASSWORD=${CP_PG_PASSWORD:-postgres}
PG_BIN=${CP_PG_BIN:-/usr/lib/postgresql/15/bin}
as_pg() { runuser -u postgres -- "$@"; }

running() { [ -f "$DIR/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; }

case "${1:-start}" in
  status) running && echo "running on 127.0.0.1:$PORT" || { echo "stopped"; exit 3; }; exit 0 ;;
  stop) running && as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null; exit 0 ;;
  reset) "$0" stop; rm -rf "$DIR"; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac

[ -x "$PG_BIN/initdb" ] || { echo "postgres.sh: $PG_BIN/initdb missing; run scripts/install-deps.sh" >&2; exit 1; }
if running; then echo "postgres: already running on 127.0.0.1:$PORT"; exit 0; fi

mkdir -p "$DIR"
chown postgres: "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  pwfile=$(mktemp -p "$DIR")
  printf '%s\n' "$PASSWORD" > "$pwfile"; chown postgres: "$pwfile"
  as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $PORT"
    echo "unix_socket_directories = '$DIR'"
    echo "max_connections = 300"
    echo "shared_buffers = 256MB"
    if [ "${CP_PG_FAST:-0}" = 1 ]; then
      echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"
    fi
  } >> "$DIR/data/postgresql.conf"
fi
as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 start >/dev/null
echo "postgres: ready on 127.0.0.1:$PORT (state in $DIR)"
