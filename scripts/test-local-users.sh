#!/usr/bin/env bash
# What an unprivileged local account (nobody) can reach of the servers postgres.sh and rabbitmq.sh started:
# nothing. Run by test.sh against the test servers, which are set up like `make run`'s; fails loudly otherwise.
# env: CP_PG_DIR, CP_PG_PORT, CP_RMQ_* and CP_SECRETS_DIR as for those scripts.
set -euo pipefail
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
DIR=${CP_PG_DIR:-/var/tmp/controlplane/pg}
PORT=${CP_PG_PORT:-5432}
SECRETS=${CP_SECRETS_DIR:-/var/tmp/controlplane/secrets}
PG_BIN=${CP_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ "$(id -u)" -ne 0 ]; then echo "test-local-users: needs root (runuser); skipped" >&2; exit 0; fi
eval "$(bash "$SCRIPTS/dev-secrets.sh")"

failures=0
as_nobody() { (cd / && runuser -u nobody -- env -i PATH=/usr/bin:/bin HOME=/ "$@"); }
refused() {  # refused <what> <command...>: the command must fail
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then echo "FAIL: $what succeeded"; failures=$((failures + 1)); else echo "ok: $what is refused"; fi
}
allowed() {
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then echo "ok: $what works"; else echo "FAIL: $what does not work"; failures=$((failures + 1)); fi
}
psql_tcp() { "$PG_BIN/psql" -X -w -h 127.0.0.1 -p "$PORT" -d postgres -c "select 1" "$@"; }

# The control: the same connection with the generated password works, so the refusals below are refusals.
allowed "the test role with its password over TCP" env PGPASSWORD="$CP_PG_TEST_PASSWORD" "$PG_BIN/psql" -X -w -h 127.0.0.1 -p "$PORT" -U controlplane_test -d postgres -c "select 1"
for role in postgres controlplane_test controlplane_owner controlplane_worker; do
  refused "nobody as $role over TCP without a password" as_nobody "$PG_BIN/psql" -X -w -h 127.0.0.1 -p "$PORT" -U "$role" -d postgres -c "select 1"
done
refused "the superuser with the old password 'postgres'" env PGPASSWORD=postgres "$PG_BIN/psql" -X -w -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "select 1"
for role in postgres controlplane_test nobody; do
  refused "nobody as $role through the Unix socket" as_nobody "$PG_BIN/psql" -X -w -h "$DIR" -p "$PORT" -U "$role" -d postgres -c "select 1"
done
refused "nobody reading the dev secrets" as_nobody cat "$SECRETS/dev-secrets.env"
refused "nobody listing the PostgreSQL state directory" as_nobody ls "$DIR"

# RabbitMQ: guest is gone, the components' users authenticate with their generated passwords only.
export HOME=${CP_RMQ_DIR:-/var/tmp/controlplane/rabbitmq}
export RABBITMQ_NODENAME=${CP_RMQ_NODE:-rabbit-cp${CP_RMQ_PORT:-5672}@localhost} ERL_EPMD_PORT=${CP_RMQ_EPMD_PORT:-4371}
# The password goes through stdin, not the command line.
rmq_auth() { printf '%s' "$2" | (cd "$CP_RMQ_DIR" && runuser -u rabbitmq --preserve-environment -- /usr/lib/rabbitmq/bin/rabbitmqctl -q authenticate_user "$1"); }
allowed "controlplane-worker with its password on RabbitMQ" rmq_auth controlplane-worker "$CP_RMQ_WORKER_PASSWORD"
refused "guest/guest on RabbitMQ" rmq_auth guest guest
refused "controlplane-api with a guessed password on RabbitMQ" rmq_auth controlplane-api guest
refused "nobody reading the Erlang cookie" as_nobody cat "$HOME/.erlang.cookie"

[ "$failures" -eq 0 ] || { echo "test-local-users: $failures failure(s)"; exit 1; }
echo "test-local-users: a local account without privileges reaches nothing"
