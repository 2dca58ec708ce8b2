#!/usr/bin/env bash
# `make run [WORKERS=n] [APIS=n]`: the whole product on this machine. Installs and starts PostgreSQL and RabbitMQ on
# loopback when missing, applies migrations, then runs the workers (local Patroni driver unless Kubernetes is
# configured; health and metrics on 8090, 8091, ...) and the APIs (http://127.0.0.1:8080, 8081, ...); one of each by
# default. Ctrl-C or SIGTERM stops them all; the databases keep running (`make stop` stops them).
set -euo pipefail
WORKERS=${WORKERS:-1} APIS=${APIS:-1}
case "$WORKERS$APIS" in *[!0-9]*) echo "run.sh: WORKERS and APIS must be numbers" >&2; exit 2 ;; esac
[ "$APIS" -ge 1 ] && [ "$APIS" -le 10 ] && [ "$WORKERS" -le 10 ] || { echo "run.sh: APIS 1-10, WORKERS 0-10" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export CP_PG_DIR=${CP_PG_DIR:-/var/tmp/controlplane/pg} CP_PG_PORT=${CP_PG_PORT:-5432}
export CP_RMQ_DIR=${CP_RMQ_DIR:-/var/tmp/controlplane/rabbitmq} CP_RMQ_PORT=${CP_RMQ_PORT:-5672} CP_RMQ_EPMD_PORT=${CP_RMQ_EPMD_PORT:-4369}
# The secrets live with the databases they protect, so every clone of the project uses the same ones.
export CP_SECRETS_DIR=${CP_SECRETS_DIR:-/var/tmp/controlplane/secrets} CP_PG_PROFILE=run CP_RMQ_PROFILE=run

bash scripts/install-deps.sh
bash scripts/postgres.sh start
bash scripts/rabbitmq.sh start
eval "$(bash scripts/dev-secrets.sh)"
export ControlPlane__DataProtection__MasterKey

export MASSTRANSIT_USAGE_TELEMETRY=false
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development} DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development}
# Each host gets its own connection strings only; the worker's read-only one and broker user are not the API's.
metadata="Host=127.0.0.1;Port=$CP_PG_PORT;Database=controlplane;Username=controlplane_owner;Password=$CP_PG_OWNER_PASSWORD"
worker_metadata="Host=127.0.0.1;Port=$CP_PG_PORT;Database=controlplane;Username=controlplane_worker;Password=$ControlPlane__WorkerDbPassword"
api_rabbitmq="amqp://controlplane-api:$CP_RMQ_API_PASSWORD@127.0.0.1:$CP_RMQ_PORT/"
worker_rabbitmq="amqp://controlplane-worker:$CP_RMQ_WORKER_PASSWORD@127.0.0.1:$CP_RMQ_PORT/"
export ControlPlane__Auth__BootstrapSupportKey=${ControlPlane__Auth__BootstrapSupportKey:-dev-support-key}

dotnet build ControlPlane.sln -c Release -v quiet -nologo
# postgres.sh made the worker's role and set its password: the owner cannot (no CREATEROLE), so none is passed here.
ConnectionStrings__Metadata=$metadata dotnet run --no-build -c Release --project migrations/ControlPlane.Migrations

# Each host runs its built dll directly (`dotnet run` is a second process whose child outlived a stopped script) in a
# process group of its own, so stopping it stops everything it started; the local driver's Patroni members run in
# sessions of their own and keep running, as after a worker crash: the next worker adopts them.
hosts=()
stop_hosts() {
  trap - EXIT INT TERM
  for g in "${hosts[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    alive=0
    for g in "${hosts[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for g in "${hosts[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_hosts EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# start_host <name> <project> [args...]: from its output directory, so it finds its appsettings; setsid makes its pid its group.
start_host() {
  local name=$1 project=$2; shift 2
  local dir=$ROOT/src/$project/bin/Release/net10.0
  (cd "$dir" && exec setsid dotnet "$project.dll" "$@" > >(sed -u "s/^/[$name] /") 2>&1) &
  hosts+=($!)
}

if [ -f src/ControlPlane.Worker/ControlPlane.Worker.csproj ]; then
  for i in $(seq 0 $((WORKERS - 1))); do
    # Each worker's /healthz, /readyz and /metrics on a port of its own: 8090, 8091, ...
    ConnectionStrings__WorkerMetadata=$worker_metadata ConnectionStrings__RabbitMq=$worker_rabbitmq \
      ControlPlane__Worker__Endpoints__Url=http://127.0.0.1:$((8090 + i)) \
      start_host "worker-$((i + 1))" ControlPlane.Worker
    echo "ControlPlane worker $((i + 1)): health and metrics on http://127.0.0.1:$((8090 + i))"
  done
fi
for i in $(seq 0 $((APIS - 1))); do
  ConnectionStrings__Metadata=$metadata ConnectionStrings__RabbitMq=$api_rabbitmq \
    start_host "api-$((i + 1))" ControlPlane.Api --urls "http://127.0.0.1:$((8080 + i))"
  echo "ControlPlane API $((i + 1)) on http://127.0.0.1:$((8080 + i)) (Development; bootstrap support key: $ControlPlane__Auth__BootstrapSupportKey)"
done
# One of each: any host that exits stops the rest (the EXIT trap), as does Ctrl-C or SIGTERM to this script. With
# several of a kind the others carry on when one dies (kill -9 a worker and watch another take its instances over), so
# the script waits for all of them, or for Ctrl-C.
if [ "$WORKERS" -eq 1 ] && [ "$APIS" -eq 1 ]; then
  wait -n "${hosts[@]}"
else
  wait "${hosts[@]}"
fi
