using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Migrations.Migrations;

/// <summary>
/// A restore is a create with a source: the instance it restores from and the time it replays to (none: the newest
/// archived WAL), on the instance and in the worker's view, so whichever worker owns the new instance restores it.
/// </summary>
public partial class RestoreSource : Migration
{
    private const string ViewWithSource = """
        create or replace view worker_desired_instances as
        select i.id as instance_id, i.organization_id, i.name, i.region, i.generation, i.status,
               i.plan, i.plan_vcpu, i.plan_memory_mb, i.postgres_version, i.storage_gb,
               i.ha_enabled, i.replicas, i.replication_mode, i.data_durability,
               i.credentials_protected,
               s.id as switchover_operation_id, s.target_member as switchover_target_member,
               s.from_member as switchover_leader, s.created_at as switchover_requested_at,
               i.observed->>'CurrentPrimary' as recorded_leader,
               (i.observed->>'HealthReportedAt')::timestamptz as recorded_leader_at,
               b.operation_id as backup_operation_id, b.kind as backup_kind, b.requested_at as backup_requested_at,
               i.source_instance_id, i.source_point_in_time
        from instances i
        left join lateral (
            select o.id, o.target_member, o.from_member, o.created_at
            from operations o
            where o.instance_id = i.id and o.type = 'switchover' and o.status in ('pending', 'running')
            order by o.created_at desc
            limit 1
        ) s on true
        left join lateral (
            select bk.operation_id, bk.kind, bk.requested_at
            from operations o
            join backups bk on bk.operation_id = o.id
            where o.instance_id = i.id and o.type = 'backup' and o.status in ('pending', 'running')
            order by o.created_at desc
            limit 1
        ) b on true;
        """;

    private const string ViewWithBackup = """
        create or replace view worker_desired_instances as
        select i.id as instance_id, i.organization_id, i.name, i.region, i.generation, i.status,
               i.plan, i.plan_vcpu, i.plan_memory_mb, i.postgres_version, i.storage_gb,
               i.ha_enabled, i.replicas, i.replication_mode, i.data_durability,
               i.credentials_protected,
               s.id as switchover_operation_id, s.target_member as switchover_target_member,
               s.from_member as switchover_leader, s.created_at as switchover_requested_at,
               i.observed->>'CurrentPrimary' as recorded_leader,
               (i.observed->>'HealthReportedAt')::timestamptz as recorded_leader_at,
               b.operation_id as backup_operation_id, b.kind as backup_kind, b.requested_at as backup_requested_at
        from instances i
        left join lateral (
            select o.id, o.target_member, o.from_member, o.created_at
            from operations o
            where o.instance_id = i.id and o.type = 'switchover' and o.status in ('pending', 'running')
            order by o.created_at desc
            limit 1
        ) s on true
        left join lateral (
            select bk.operation_id, bk.kind, bk.requested_at
            from operations o
            join backups bk on bk.operation_id = o.id
            where o.instance_id = i.id and o.type = 'backup' and o.status in ('pending', 'running')
            order by o.created_at desc
            limit 1
        ) b on true;
        """;

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>(
            name: "source_instance_id",
            table: "instances",
            type: "uuid",
            nullable: true);

        migrationBuilder.AddColumn<DateTimeOffset>(
            name: "source_point_in_time",
            table: "instances",
            type: "timestamp with time zone",
            nullable: true);

        // Columns appended at the end: create or replace keeps the view, and with it the worker's grant.
        migrationBuilder.Sql(ViewWithSource);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // A view cannot lose columns in place: drop and recreate it as it was, with its grant.
        migrationBuilder.Sql("drop view if exists worker_desired_instances;");
        migrationBuilder.Sql(ViewWithBackup);
        migrationBuilder.Sql("grant select on worker_desired_instances to controlplane_worker;");
        migrationBuilder.DropColumn(
            name: "source_instance_id",
            table: "instances");

        migrationBuilder.DropColumn(
            name: "source_point_in_time",
            table: "instances");
    }
}
