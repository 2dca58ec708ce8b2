#!/usr/bin/env bash
# A RabbitMQ node of the project's own, bound to 127.0.0.1 (AMQP, clustering port and a private epmd),
# all state (mnesia, logs, Erlang cookie) in one directory. Runs as the rabbitmq system user.
#   usage: rabbitmq.sh start|stop|status|reset
# env: CP_RMQ_DIR, CP_RMQ_PORT (AMQP), CP_RMQ_DIST_PORT, CP_RMQ_EPMD_PORT, CP_RMQ_NODE (node name, unique per instance),
#      CP_SECRETS_DIR (see dev-secrets.sh), CP_RMQ_PROFILE=run (default) or test (adds controlplane-test, all rights).
# No guest: one user per component with a generated password (kept with the dev secrets) and only the rights it
# needs: the API cannot publish the worker's events, the worker cannot write the API's queue (see ensure_users).
set -euo pipefail
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
PROFILE=${CP_RMQ_PROFILE:-run}
DIR=${CP_RMQ_DIR:-/var/tmp/controlplane/rabbitmq}
PORT=${CP_RMQ_PORT:-5672}
BIN=/usr/lib/rabbitmq/bin   # Debian's /usr/sbin wrappers su away and drop our environment

export HOME="$DIR"   # the server and the CLI must read the same .erlang.cookie
export RABBITMQ_NODENAME=${CP_RMQ_NODE:-rabbit-cp$PORT@localhost}
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$PORT
export RABBITMQ_DIST_PORT=${CP_RMQ_DIST_PORT:-$(( PORT + 20000 <= 65535 ? PORT + 20000 : PORT + 1 ))}
export ERL_EPMD_ADDRESS=127.0.0.1          # epmd otherwise listens on every interface
export ERL_EPMD_PORT=${CP_RMQ_EPMD_PORT:-4371}
export RABBITMQ_MNESIA_BASE="$DIR/mnesia" RABBITMQ_LOG_BASE="$DIR/log" RABBITMQ_PID_FILE="$DIR/rabbit.pid"
export RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf" RABBITMQ_ADVANCED_CONFIG_FILE="$DIR/advanced.config"
export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins" RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
export RABBITMQ_SERVER_ERL_ARGS="+P 1048576 -kernel inet_dist_use_interface {127,0,0,1}"

# From the node's own directory: the caller's (a checkout in root's home, mode 700) is not rabbitmq's to enter.
as_rmq() { (cd "$DIR" && runuser -u rabbitmq --preserve-environment -- "$@"); }
ctl() { as_rmq "$BIN/rabbitmqctl" "$@"; }

# Entity names are MassTransit's: a region's command queue and the exchange of the same name, the worker events'
# exchanges (one per message type, named for the type), fault exchanges, and each bus's temporary endpoint
# (<host>_<process>_bus_<id>). Rights work on names, and MassTransit binds a region's queue to the exchange of the
# same name, which needs write on the queue: the worker therefore has write on the region names (queue and exchange
# alike), but not on the default exchange nor on the API's own queue; the API has no write on the events' exchanges.
REGION='controlplane-region-[^:]+'
EVENTS='ControlPlane\.Contracts\.Events:[A-Za-z0-9_.]+'
FAULTS='MassTransit:(Receive)?Fault(--.*)?'
BUS='(?!controlplane-)[^:]+_bus_[a-z0-9]+'
ensure_users() {
  eval "$(bash "$SCRIPTS/dev-secrets.sh")"
  ensure_user controlplane-api "$CP_RMQ_API_PASSWORD"
  ctl -q set_permissions -p / controlplane-api \
    "^($REGION|controlplane-events.*|$EVENTS|$FAULTS|$BUS)\$" \
    "^($REGION|controlplane-events.*|$FAULTS|$BUS)\$" \
    "^($REGION|controlplane-events.*|$EVENTS|$BUS)\$" >/dev/null
  ensure_user controlplane-worker "$CP_RMQ_WORKER_PASSWORD"
  ctl -q set_permissions -p / controlplane-worker \
    "^($REGION|$EVENTS|$FAULTS|$BUS)\$" \
    "^($REGION|$EVENTS|$FAULTS|$BUS)\$" \
    "^($REGION|$EVENTS|$BUS)\$" >/dev/null
  if [ "$PROFILE" = test ]; then
    # The tests declare queues of their own names (one events queue per API test): everything on the vhost.
    ensure_user controlplane-test "$CP_RMQ_TEST_PASSWORD"
    ctl -q set_permissions -p / controlplane-test ".*" ".*" ".*" >/dev/null
  fi
  if user_exists guest; then ctl -q delete_user guest >/dev/null; fi
}
user_exists() { awk -v user="$1" '$1 == user { found = 1 } END { exit !found }' <<<"$(ctl -q list_users)"; }
# Passwords go through stdin, never on a command line.
ensure_user() {
  if user_exists "$1"; then
    printf '%s' "$2" | ctl -q change_password "$1" >/dev/null
  else
    printf '%s' "$2" | ctl -q add_user "$1" >/dev/null
  fi
}

case "${1:-start}" in
  status) ctl -q ping >/dev/null 2>&1 && echo "running on 127.0.0.1:$PORT" || { echo stopped; exit 3; }; exit 0 ;;
  stop)
    [ -f "$RABBITMQ_PID_FILE" ] && ctl -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    as_rmq epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
    exit 0 ;;
  reset) "$0" stop; rm -rf "$DIR"; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac

[ -x "$BIN/rabbitmq-server" ] || { echo "rabbitmq.sh: rabbitmq-server missing; run scripts/install-deps.sh" >&2; exit 1; }
mkdir -p "$DIR/mnesia" "$DIR/log"
if [ ! -f "$DIR/.erlang.cookie" ]; then
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/.erlang.cookie"
  chmod 400 "$DIR/.erlang.cookie"
fi
cat > "$DIR/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$PORT
disk_free_limit.absolute = 50MB
log.console = false
log.file.level = warning
CONF
[ -f "$DIR/advanced.config" ] || echo "[]." > "$DIR/advanced.config"
[ -f "$DIR/enabled_plugins" ] || echo "[]." > "$DIR/enabled_plugins"
: > "$DIR/rabbitmq-env.conf"
chown -R rabbitmq: "$DIR"

if ctl -q ping >/dev/null 2>&1; then ensure_users; echo "rabbitmq: already running on 127.0.0.1:$PORT"; exit 0; fi
rm -f "$RABBITMQ_PID_FILE"
as_rmq setsid "$BIN/rabbitmq-server" > "$DIR/log/startup.log" 2>&1 < /dev/null &
server=$!
for _ in $(seq 1 300); do [ -s "$RABBITMQ_PID_FILE" ] && break; sleep 0.1; done
# poll rather than `rabbitmqctl wait`, so a node that dies at boot fails this script at once
for _ in $(seq 1 240); do
  ctl -q ping >/dev/null 2>&1 && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "rabbitmq.sh: the node exited during start-up; see $DIR/log/startup.log" >&2
    tail -5 "$DIR/log/startup.log" >&2; exit 1
  fi
  sleep 0.5
done
ctl -q await_startup --timeout 120 >/dev/null
ensure_users
echo "rabbitmq: ready on 127.0.0.1:$PORT for controlplane-api and controlplane-worker (state in $DIR)"
