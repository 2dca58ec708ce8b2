#!/usr/bin/env bash
# A PostgreSQL 15 server of the project's own, on 127.0.0.1 only, all state in one directory.
#   usage: postgres.sh start|stop|status|reset
# env: CP_PG_DIR (state dir), CP_PG_PORT, CP_SECRETS_DIR (see dev-secrets.sh),
#      CP_PG_PROFILE=run (default: database `controlplane` owned by the role controlplane_owner, plus the worker's
#      read-only role controlplane_worker) or test (the role controlplane_test that creates a database per test),
#      CP_PG_FAST=1 trades durability for speed (tests only: fsync off),
#      CP_PG_PASSWORD gives the superuser a TCP password (throwaway servers such as the bench's only).
# Who gets in: the OS user postgres through the Unix socket (peer; the socket directory is postgres' alone), and
# the roles above over TCP with scram passwords generated at first start and kept with the other dev secrets.
# An older data directory (trusted socket, superuser password `postgres`) is upgraded in place on start.
set -euo pipefail
DIR=${CP_PG_DIR:-/var/tmp/controlplane/pg}
PORT=${CP_PG_PORT:-5432}
PROFILE=${CP_PG_PROFILE:-run}
PG_BIN=${CP_PG_BIN:-/usr/lib/postgresql/15/bin}
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
# From /, never from the caller's directory: a checkout in root's home (mode 700) is not postgres' to enter.
as_pg() { (cd / && runuser -u postgres -- "$@"); }

running() { [ -f "$DIR/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; }

case "${1:-start}" in
  status) running && echo "running on 127.0.0.1:$PORT" || { echo "stopped"; exit 3; }; exit 0 ;;
  stop) running && as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null; exit 0 ;;
  reset) "$0" stop; rm -rf "$DIR"; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac
case "$PROFILE" in run|test) ;; *) echo "postgres.sh: CP_PG_PROFILE must be run or test" >&2; exit 2 ;; esac

[ -x "$PG_BIN/initdb" ] || { echo "postgres.sh: $PG_BIN/initdb missing; run scripts/install-deps.sh" >&2; exit 1; }
eval "$(bash "$SCRIPTS/dev-secrets.sh")"

mkdir -p "$DIR"
chown postgres: "$DIR"
# The socket and the log live here: nobody but postgres may even look.
chmod 700 "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  # No password for the superuser: it logs in through the socket as the OS user postgres only.
  as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null
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
# Written on every start, so an older data directory loses its trust lines too.
cat > "$DIR/data/pg_hba.conf" <<HBA
# Managed by scripts/postgres.sh: rewritten on every start.
local all postgres peer
host all postgres 127.0.0.1/32 $([ -n "${CP_PG_PASSWORD:-}" ] && echo scram-sha-256 || echo reject)
host all all 127.0.0.1/32 scram-sha-256
HBA
chown postgres: "$DIR/data/pg_hba.conf"
chmod 600 "$DIR/data/pg_hba.conf"

if running; then
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" reload >/dev/null
  echo "postgres: already running on 127.0.0.1:$PORT"
else
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 start >/dev/null
fi

# psql reads its SQL from stdin, so no password appears on a command line; -v passes them as psql variables.
sql() { as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres "$@"; }
if [ -n "${CP_PG_PASSWORD:-}" ]; then
  sql -d postgres -v pw="$CP_PG_PASSWORD" <<'SQL' >/dev/null
alter role postgres password :'pw';
SQL
else
  # An older data directory gave the superuser the password `postgres`.
  sql -d postgres -c "alter role postgres password null" >/dev/null
fi

if [ "$PROFILE" = test ]; then
  # What the tests do and nothing more: a database per test (CREATEDB), the worker's role and its password set by the
  # migrator (CREATEROLE), and DROP DATABASE ... WITH (FORCE) over the worker's sessions (pg_signal_backend).
  sql -d postgres -v pw="$CP_PG_TEST_PASSWORD" <<'SQL' >/dev/null
select 'create role controlplane_test' where not exists (select from pg_roles where rolname = 'controlplane_test') \gexec
alter role controlplane_test login nosuperuser createdb createrole noreplication nobypassrls password :'pw';
grant pg_signal_backend to controlplane_test;
SQL
  echo "postgres: ready on 127.0.0.1:$PORT as controlplane_test (state in $DIR)"
  exit 0
fi

# run: the API and the migrator connect as the owner of the database, which is no superuser and can create no roles;
# the worker's read-only role is created here, where the superuser is, and the migrator only grants to it.
sql -d postgres -v owner="$CP_PG_OWNER_PASSWORD" -v worker="$ControlPlane__WorkerDbPassword" <<'SQL' >/dev/null
select 'create role controlplane_owner' where not exists (select from pg_roles where rolname = 'controlplane_owner') \gexec
alter role controlplane_owner login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password :'owner';
select 'create role controlplane_worker' where not exists (select from pg_roles where rolname = 'controlplane_worker') \gexec
alter role controlplane_worker login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password :'worker';
select 'create database controlplane owner controlplane_owner' where not exists (select from pg_database where datname = 'controlplane') \gexec
alter database controlplane owner to controlplane_owner;
SQL
# An older database was created and migrated by the superuser: hand its objects to the owner.
sql -d controlplane <<'SQL' >/dev/null
do $$
declare r record;
begin
  -- Tables first: their identity and serial sequences follow them; free-standing sequences after.
  for r in select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
             and pg_get_userbyid(c.relowner) = 'postgres'
  loop
    execute format('alter table %s owner to controlplane_owner', r.name);
  end loop;
  for r in select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind = 'S' and pg_get_userbyid(c.relowner) = 'postgres'
             and not exists (select from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))
  loop
    execute format('alter sequence %s owner to controlplane_owner', r.name);
  end loop;
  for r in select p.oid::regprocedure as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = 'public' and pg_get_userbyid(p.proowner) = 'postgres'
  loop
    execute format('alter routine %s owner to controlplane_owner', r.name);
  end loop;
end
$$;
SQL
echo "postgres: ready on 127.0.0.1:$PORT as controlplane_owner (state in $DIR)"
