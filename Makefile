# The two commands of the quick start: `make run` and `make test`.
.PHONY: run test build stop migrations-script bench deps clean

# `make run WORKERS=2 APIS=2`: two workers (health on 8090, 8091) and two APIs (8080, 8081); one of each by default.
WORKERS ?= 1
APIS ?= 1
run:
	WORKERS=$(WORKERS) APIS=$(APIS) bash scripts/run.sh

test:
	bash scripts/test.sh

build:
	dotnet build ControlPlane.sln

deps:
	bash scripts/install-deps.sh

# Stops the databases that `make run` started (their data stays under /var/tmp/controlplane).
stop:
	CP_PG_DIR=/var/tmp/controlplane/pg bash scripts/postgres.sh stop
	CP_RMQ_DIR=/var/tmp/controlplane/rabbitmq CP_RMQ_PORT=5672 CP_RMQ_EPMD_PORT=4369 bash scripts/rabbitmq.sh stop

# Regenerates the idempotent SQL script from the EF Core migrations.
migrations-script:
	dotnet tool restore
	dotnet ef migrations script --idempotent --project migrations/ControlPlane.Migrations --startup-project migrations/ControlPlane.Migrations -o migrations/controlplane.sql

bench:
	bash bench/run.sh $(if $(QUICK),--quick,)

clean:
	dotnet clean ControlPlane.sln
