using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Migrations.Migrations;

/// <summary>
/// The primary the control plane last recorded for each instance (and when its health was last reported), in the
/// worker's view: a worker that takes an instance over starts its failover detection from it, so a leader lost while
/// no worker watched (its owner had just died) is still recorded as a failover.
/// </summary>
public partial class RecordedLeaderInWorkerView : Migration
{
    private const string ViewWithRecordedLeader = """
        create or replace view worker_desired_instances as
        select i.id as instance_id, i.organization_id, i.name, i.region, i.generation, i.status,
               i.plan, i.plan_vcpu, i.plan_memory_mb, i.postgres_version, i.storage_gb,
               i.ha_enabled, i.replicas, i.replication_mode, i.data_durability,
               i.credentials_protected,
               s.id as switchover_operation_id, s.target_member as switchover_target_member,
               s.from_member as switchover_leader, s.created_at as switchover_requested_at,
               i.observed->>'CurrentPrimary' as recorded_leader,
               (i.observed->>'HealthReportedAt')::timestamptz as recorded_leader_at
        from instances i
        left join lateral (
            select o.id, o.target_member, o.from_member, o.created_at
            from operations o
            where o.instance_id = i.id and o.type = 'switchover' and o.status in ('pending', 'running')
            order by o.created_at desc
            limit 1
        ) s on true;
        """;

    private const string ViewWithoutRecordedLeader = """
        create view worker_desired_instances as
        select i.id as instance_id, i.organization_id, i.name, i.region, i.generation, i.status,
               i.plan, i.plan_vcpu, i.plan_memory_mb, i.postgres_version, i.storage_gb,
               i.ha_enabled, i.replicas, i.replication_mode, i.data_durability,
               i.credentials_protected,
               s.id as switchover_operation_id, s.target_member as switchover_target_member,
               s.from_member as switchover_leader, s.created_at as switchover_requested_at
        from instances i
        left join lateral (
            select o.id, o.target_member, o.from_member, o.created_at
            from operations o
            where o.instance_id = i.id and o.type = 'switchover' and o.status in ('pending', 'running')
            order by o.created_at desc
            limit 1
        ) s on true;
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(ViewWithRecordedLeader);
        migrationBuilder.Sql("grant select on worker_desired_instances to controlplane_worker;");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // A view cannot lose columns in place: drop and recreate it as it was, with its grant.
        migrationBuilder.Sql("drop view if exists worker_desired_instances;");
        migrationBuilder.Sql(ViewWithoutRecordedLeader);
        migrationBuilder.Sql("grant select on worker_desired_instances to controlplane_worker;");
    }
}
