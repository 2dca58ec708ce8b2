using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Migrations.Migrations;

/// <summary>
/// The switchover operation still pending or running on an instance, in the worker's view, so that whichever worker
/// owns the instance asks Patroni for it (once, naming the leader it was asked of) and tells the leader change it
/// causes from a failover. The view runs with its owner's rights: the worker role still reads nothing but the views.
/// </summary>
public partial class SwitchoverInWorkerView : Migration
{
    private const string ViewWithSwitchover = """
        create or replace view worker_desired_instances as
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

    private const string ViewWithoutSwitchover = """
        create view worker_desired_instances as
        select id as instance_id, organization_id, name, region, generation, status,
               plan, plan_vcpu, plan_memory_mb, postgres_version, storage_gb,
               ha_enabled, replicas, replication_mode, data_durability,
               credentials_protected
        from instances;
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "from_member",
            table: "operations",
            type: "character varying(100)",
            maxLength: 100,
            nullable: true);
        migrationBuilder.Sql(ViewWithSwitchover);
        migrationBuilder.Sql("grant select on worker_desired_instances to controlplane_worker;");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // A view cannot lose columns in place: drop and recreate it as it was, with its grant.
        migrationBuilder.Sql("drop view if exists worker_desired_instances;");
        migrationBuilder.Sql(ViewWithoutSwitchover);
        migrationBuilder.Sql("grant select on worker_desired_instances to controlplane_worker;");
        migrationBuilder.DropColumn(
            name: "from_member",
            table: "operations");
    }
}
