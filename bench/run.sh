#!/usr/bin/env bash
# `make bench [QUICK=1]`: measures the product as `make run` deploys it, each figure next to a ceiling measured in the
# same run. Starts its own PostgreSQL and RabbitMQ (ports 56432/56672, state under /var/tmp/controlplane-bench) and
# stops them again; the C# harness (bench/ControlPlane.Bench) starts the API and workers and prints one table.
#   usage: bench/run.sh [--quick] [--only read,write,worker,ha]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
STATE=${BENCH_STATE_DIR:-/var/tmp/controlplane-bench}
export CP_PG_DIR=$STATE/pg CP_PG_PORT=${BENCH_PG_PORT:-56432} CP_PG_PASSWORD=${BENCH_PG_PASSWORD:-postgres}
export CP_RMQ_DIR=$STATE/rabbitmq CP_RMQ_PORT=${BENCH_RMQ_PORT:-56672} CP_RMQ_EPMD_PORT=${BENCH_RMQ_EPMD_PORT:-56369}
# The bench's own secrets and the test profiles: a superuser with a TCP password and an unrestricted broker user.
export CP_SECRETS_DIR=$STATE/secrets CP_PG_PROFILE=test CP_RMQ_PROFILE=test

bash scripts/install-deps.sh
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }

cleanup() {
  bash scripts/postgres.sh stop || true
  # A fresh broker each run: no queue of an earlier run's commands is left to skew the next one.
  bash scripts/rabbitmq.sh reset >/dev/null 2>&1 || true
}
trap cleanup EXIT
mkdir -p "$STATE"
bash scripts/postgres.sh start
bash scripts/rabbitmq.sh start

dotnet build bench/ControlPlane.Bench/ControlPlane.Bench.csproj -c Release -v quiet -nologo
BENCH_RMQ_PASSWORD=$(bash scripts/dev-secrets.sh | sed -n 's/^CP_RMQ_TEST_PASSWORD=//p') \
BENCH_ROOT=$ROOT BENCH_PG_PORT=$CP_PG_PORT BENCH_PG_PASSWORD=$CP_PG_PASSWORD BENCH_RMQ_PORT=$CP_RMQ_PORT BENCH_STATE_DIR=$STATE \
  dotnet bench/ControlPlane.Bench/bin/Release/net10.0/ControlPlane.Bench.dll "$@"
