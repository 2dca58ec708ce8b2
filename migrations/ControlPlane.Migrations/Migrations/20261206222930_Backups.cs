using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Migrations.Migrations;

/// <summary>
/// Backups as the control plane records them, and the instance's running backup request (operation and kind) in the
/// worker's view, so whichever worker owns the instance takes it. The view reads the table with its owner's rights: the
/// worker's role gets no grant on it.
/// </summary>
public partial class Backups : Migration
{
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

    private const string ViewWithoutBackup = """
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

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "backups",
            columns: table => new
            {
                id = table.Column<Guid>(type: "uuid", nullable: false),
                instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                operation_id = table.Column<Guid>(type: "uuid", nullable: true),
                kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                engine = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                engine_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                wal_start = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                wal_stop = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                lsn_start = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                lsn_stop = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                size_bytes = table.Column<long>(type: "bigint", nullable: true),
                repository_size_bytes = table.Column<long>(type: "bigint", nullable: true),
                error = table.Column<string>(type: "text", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_backups", x => x.id);
                table.ForeignKey(
                    name: "fk_backups_instances_instance_id",
                    column: x => x.instance_id,
                    principalTable: "instances",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "fk_backups_operations_operation_id",
                    column: x => x.operation_id,
                    principalTable: "operations",
                    principalColumn: "id");
            });

        migrationBuilder.CreateIndex(
            name: "ix_backups_instance_id_engine_id",
            table: "backups",
            columns: new[] { "instance_id", "engine_id" },
            unique: true,
            filter: "engine_id is not null");

        migrationBuilder.CreateIndex(
            name: "ix_backups_instance_id_id",
            table: "backups",
            columns: new[] { "instance_id", "id" });

        migrationBuilder.CreateIndex(
            name: "ix_backups_operation_id",
            table: "backups",
            column: "operation_id",
            unique: true);

        migrationBuilder.Sql(ViewWithBackup);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // A view cannot lose columns in place: drop and recreate it as it was, with its grant.
        migrationBuilder.Sql("drop view if exists worker_desired_instances;");
        migrationBuilder.Sql(ViewWithoutBackup);
        migrationBuilder.Sql("grant select on worker_desired_instances to controlplane_worker;");
        migrationBuilder.DropTable(
            name: "backups");
    }
}
