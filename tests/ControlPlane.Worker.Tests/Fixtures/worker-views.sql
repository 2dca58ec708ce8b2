-- Test stand-in for the metadata schema: the two views (desired instances with their pending switchover and backup, and their restore source) and the read-only role exactly as the worker's contract says,
-- over simplified base tables. The lead's EF migration creates the real ones.
DO $$
BEGIN
  CREATE ROLE controlplane_worker LOGIN PASSWORD 'worker-test';
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are cluster-wide: an earlier (or parallel) test created it
END
$$;
-- Other suites on the same test cluster (the migrator in the end-to-end tests) set their own password. Parallel
-- fixtures race on the role's row ("tuple concurrently updated"); the winner sets the same password, so the loser passes.
DO $$
BEGIN
  ALTER ROLE controlplane_worker WITH LOGIN PASSWORD 'worker-test';
EXCEPTION WHEN OTHERS THEN
  NULL;
END
$$;

CREATE TABLE instances (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  name text NOT NULL,
  region text NOT NULL,
  generation bigint NOT NULL,
  status text NOT NULL,
  plan text NOT NULL,
  plan_vcpu numeric NOT NULL,
  plan_memory_mb int NOT NULL,
  postgres_version int NOT NULL,
  storage_gb int NOT NULL,
  ha_enabled boolean NOT NULL,
  replicas int NOT NULL,
  replication_mode text NOT NULL,
  data_durability text NOT NULL,
  credentials_protected text NOT NULL,
  observed jsonb,
  source_instance_id uuid,
  source_point_in_time timestamptz
);

CREATE TABLE data_protection_keys (
  id serial PRIMARY KEY,
  friendly_name text,
  xml text
);

CREATE TABLE operations (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES instances (id),
  type text NOT NULL,
  status text NOT NULL,
  target_member text,
  from_member text,
  created_at timestamptz NOT NULL
);

CREATE TABLE backups (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL REFERENCES instances (id),
  operation_id uuid REFERENCES operations (id),
  kind text NOT NULL,
  status text NOT NULL,
  requested_at timestamptz NOT NULL
);

CREATE VIEW worker_desired_instances AS
SELECT i.id AS instance_id, i.organization_id, i.name, i.region, i.generation, i.status, i.plan, i.plan_vcpu, i.plan_memory_mb,
       i.postgres_version, i.storage_gb, i.ha_enabled, i.replicas, i.replication_mode, i.data_durability, i.credentials_protected,
       s.id AS switchover_operation_id, s.target_member AS switchover_target_member,
       s.from_member AS switchover_leader, s.created_at AS switchover_requested_at,
       i.observed->>'CurrentPrimary' AS recorded_leader, (i.observed->>'HealthReportedAt')::timestamptz AS recorded_leader_at,
       b.operation_id AS backup_operation_id, b.kind AS backup_kind, b.requested_at AS backup_requested_at,
       i.source_instance_id, i.source_point_in_time
FROM instances i
LEFT JOIN LATERAL (
  SELECT o.id, o.target_member, o.from_member, o.created_at FROM operations o
  WHERE o.instance_id = i.id AND o.type = 'switchover' AND o.status IN ('pending', 'running')
  ORDER BY o.created_at DESC LIMIT 1
) s ON true
LEFT JOIN LATERAL (
  SELECT bk.operation_id, bk.kind, bk.requested_at FROM operations o JOIN backups bk ON bk.operation_id = o.id
  WHERE o.instance_id = i.id AND o.type = 'backup' AND o.status IN ('pending', 'running')
  ORDER BY o.created_at DESC LIMIT 1
) b ON true;

CREATE VIEW worker_data_protection_keys AS
SELECT id, friendly_name, xml FROM data_protection_keys;

REVOKE ALL ON instances, operations, backups, data_protection_keys FROM PUBLIC;
GRANT SELECT ON worker_desired_instances, worker_data_protection_keys TO controlplane_worker;

-- Ownership (migration ShardLeases): the only tables the worker role writes.
CREATE TABLE shard_leases (
  region varchar(100) NOT NULL,
  shard int NOT NULL,
  holder varchar(200) NOT NULL,
  epoch bigint NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (region, shard)
);

CREATE TABLE worker_heartbeats (
  worker_id varchar(200) PRIMARY KEY,
  region varchar(100) NOT NULL,
  started_at timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON shard_leases TO controlplane_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON worker_heartbeats TO controlplane_worker;
