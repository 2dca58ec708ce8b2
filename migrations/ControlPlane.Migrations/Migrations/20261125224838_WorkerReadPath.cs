using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Migrations.Migrations;

/// <summary>
/// The worker's read-only path: a login role that can read two views and nothing else. The worker never writes to
/// the metadata database; it reports through events. The role's password is set by the migrator, not here.
/// </summary>
public partial class WorkerReadPath : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            do $$
            begin
                -- Roles are cluster-wide and "if not exists" races with a concurrent migrator: let the loser pass.
                -- An owner without CREATEROLE (make run) finds the role made by scripts/postgres.sh and creates nothing.
                if not exists (select 1 from pg_roles where rolname = 'controlplane_worker') then
                    create role controlplane_worker login;
                end if;
            exception when duplicate_object or unique_violation then
                null;
            end
            $$;
            """);
        migrationBuilder.Sql("""
            create or replace view worker_desired_instances as
            select id as instance_id, organization_id, name, region, generation, status,
                   plan, plan_vcpu, plan_memory_mb, postgres_version, storage_gb,
                   ha_enabled, replicas, replication_mode, data_durability,
                   credentials_protected
            from instances;
            """);
        migrationBuilder.Sql("""
            create or replace view worker_data_protection_keys as
            select id, friendly_name, xml from data_protection_keys;
            """);
        migrationBuilder.Sql("""
            revoke all on all tables in schema public from controlplane_worker;
            grant usage on schema public to controlplane_worker;
            grant select on worker_desired_instances, worker_data_protection_keys to controlplane_worker;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("drop view if exists worker_data_protection_keys;");
        migrationBuilder.Sql("drop view if exists worker_desired_instances;");
    }
}
