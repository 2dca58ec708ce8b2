#!/usr/bin/env bash
# `make run`: the whole product on this machine. Installs and starts PostgreSQL and RabbitMQ on loopback when
# missing, applies migrations, then runs the worker (local Patroni driver unless Kubernetes is configured) and the
# API on http://127.0.0.1:8080. Ctrl-C stops both; the databases keep running (`make stop` stops them).
set -euo pipefail
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

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
if [ -f src/ControlPlane.Worker/ControlPlane.Worker.csproj ]; then
  ConnectionStrings__WorkerMetadata=$worker_metadata ConnectionStrings__RabbitMq=$worker_rabbitmq \
    dotnet run --no-build -c Release --project src/ControlPlane.Worker &
  pids+=($!)
fi
echo "ControlPlane API on http://127.0.0.1:8080 (Development; bootstrap support key: $ControlPlane__Auth__BootstrapSupportKey)"
ConnectionStrings__Metadata=$metadata ConnectionStrings__RabbitMq=$api_rabbitmq \
  dotnet run --no-build -c Release --project src/ControlPlane.Api --no-launch-profile --urls http://127.0.0.1:8080 &
pids+=($!)
wait -n "${pids[@]}"
