#!/usr/bin/env bash
# `make test`: every test, against real PostgreSQL and RabbitMQ started on ports of their own (a running
# `make run` is not disturbed) and real Patroni clusters for the end-to-end tests.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export CP_PG_DIR=/var/tmp/controlplane-test/pg CP_PG_PORT=${CP_TEST_PG_PORT:-55432} CP_PG_FAST=1
export CP_RMQ_DIR=/var/tmp/controlplane-test/rabbitmq CP_RMQ_PORT=${CP_TEST_RMQ_PORT:-55672} CP_RMQ_EPMD_PORT=${CP_TEST_EPMD_PORT:-54369}

bash scripts/install-deps.sh
bash scripts/postgres.sh start
bash scripts/rabbitmq.sh start

export MASSTRANSIT_USAGE_TELEMETRY=false
export CP_TEST_POSTGRES="Host=127.0.0.1;Port=$CP_PG_PORT;Username=postgres;Password=postgres"
export CP_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$CP_RMQ_PORT/"
export CP_TEST_RABBITMQ_SCRIPT="$ROOT/scripts/rabbitmq.sh"

dotnet build ControlPlane.sln -v quiet -nologo
status=0
# Test projects run one after another: the end-to-end ones start Patroni clusters and two cores are all we have.
for project in $(ls tests/*/*.Tests.csproj | sort); do
  echo "=== $project"
  dotnet test "$project" --no-build -v quiet --nologo --logger "console;verbosity=normal" -- RunConfiguration.TestSessionTimeout=1500000 || status=1
done
exit $status
