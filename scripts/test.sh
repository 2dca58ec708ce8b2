#!/usr/bin/env bash
# `make test`: every test, against real PostgreSQL and RabbitMQ started on ports of their own (a running
# `make run` is not disturbed) and real Patroni clusters for the end-to-end tests.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# The tests' servers and secrets of their own, apart from `make run`'s /var/tmp/controlplane.
export CP_SECRETS_DIR=/var/tmp/controlplane-test/secrets
export CP_PG_DIR=/var/tmp/controlplane-test/pg CP_PG_PORT=${CP_TEST_PG_PORT:-55432} CP_PG_FAST=1 CP_PG_PROFILE=test
export CP_RMQ_DIR=/var/tmp/controlplane-test/rabbitmq CP_RMQ_PORT=${CP_TEST_RMQ_PORT:-55672} CP_RMQ_EPMD_PORT=${CP_TEST_EPMD_PORT:-54369} CP_RMQ_PROFILE=test

bash scripts/install-deps.sh
# The servers are started from a directory of mode 700, like a checkout in root's home, wherever this one is: a
# script that lets postgres or rabbitmq inherit its working directory fails here, not on a user's machine.
private=$(mktemp -d)
(cd "$private" && bash "$ROOT/scripts/postgres.sh" start && bash "$ROOT/scripts/rabbitmq.sh" start)
rmdir "$private"
# Read, not exported: the tests get connection strings, not the whole secrets file.
eval "$(bash scripts/dev-secrets.sh)"

export MASSTRANSIT_USAGE_TELEMETRY=false
export CP_TEST_POSTGRES="Host=127.0.0.1;Port=$CP_PG_PORT;Database=postgres;Username=controlplane_test;Password=$CP_PG_TEST_PASSWORD"
export CP_TEST_RABBITMQ="amqp://controlplane-test:$CP_RMQ_TEST_PASSWORD@127.0.0.1:$CP_RMQ_PORT/"
export CP_TEST_RABBITMQ_API="amqp://controlplane-api:$CP_RMQ_API_PASSWORD@127.0.0.1:$CP_RMQ_PORT/"
export CP_TEST_RABBITMQ_WORKER="amqp://controlplane-worker:$CP_RMQ_WORKER_PASSWORD@127.0.0.1:$CP_RMQ_PORT/"
export CP_TEST_RABBITMQ_SCRIPT="$ROOT/scripts/rabbitmq.sh"
# One password for the cluster-wide worker role, whichever test process sets it.
export CP_TEST_WORKER_DB_PASSWORD="$ControlPlane__WorkerDbPassword"
# What a local account without privileges can reach of the servers above (needs root for runuser).
bash scripts/test-local-users.sh

status=0
# The kustomize tree renders and holds to the kubelet's and the cluster's rules (scripts/check-deploy.py says which).
echo "=== deploy/"
/usr/bin/python3 scripts/check-deploy.py || status=1
# The committed OpenAPI document passes Redocly's recommended ruleset with no error and no warning (tools/openapi/).
echo "=== openapi/"
bash tools/openapi/lint.sh || status=1

dotnet build ControlPlane.sln -v quiet -nologo
# Test projects run one after another: the end-to-end ones start Patroni clusters and two cores are all we have.
for project in $(ls tests/*/*.Tests.csproj | sort); do
  echo "=== $project"
  dotnet test "$project" --no-build -v quiet --nologo --logger "console;verbosity=normal" -- RunConfiguration.TestSessionTimeout=1500000 || status=1
done
exit $status
