using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Migrations.Migrations
{
    /// <summary>
    /// Every statement that adds outbox rows announces them on the channel controlplane_outbox, inside the inserting
    /// transaction (PostgreSQL delivers a NOTIFY only if that transaction commits), so the dispatchers of every API process
    /// wake on the commit instead of their poll. The payload is the inserting process's origin (the session setting
    /// controlplane.outbox_origin, empty when unset), so a process can skip its own commits.
    /// </summary>
    public partial class OutboxCommitNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                create function outbox_messages_notify() returns trigger language plpgsql as $$
                begin
                    perform pg_notify('controlplane_outbox', coalesce(current_setting('controlplane.outbox_origin', true), ''));
                    return null;
                end
                $$;
                """);
            migrationBuilder.Sql("""
                create trigger outbox_messages_notify after insert on outbox_messages
                for each statement execute function outbox_messages_notify();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("drop trigger if exists outbox_messages_notify on outbox_messages;");
            migrationBuilder.Sql("drop function if exists outbox_messages_notify();");
        }
    }
}
