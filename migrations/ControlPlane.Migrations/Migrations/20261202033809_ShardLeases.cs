using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Migrations.Migrations
{
    /// <summary>
    /// Ownership of instances by shard leases, and the worker heartbeats they are spread by. The worker role, read-only
    /// until now, may write exactly these two tables: read and update leases and insert new ones (never delete one, so
    /// an epoch never starts over), and keep its own heartbeat row.
    /// </summary>
    public partial class ShardLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "shard_leases",
                columns: table => new
                {
                    region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    shard = table.Column<int>(type: "integer", nullable: false),
                    holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    epoch = table.Column<long>(type: "bigint", nullable: false),
                    acquired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shard_leases", x => new { x.region, x.shard });
                });

            migrationBuilder.CreateTable(
                name: "worker_heartbeats",
                columns: table => new
                {
                    worker_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_heartbeats", x => x.worker_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_worker_heartbeats_region_heartbeat_at",
                table: "worker_heartbeats",
                columns: new[] { "region", "heartbeat_at" });

            migrationBuilder.Sql("""
                grant select, insert, update on shard_leases to controlplane_worker;
                grant select, insert, update, delete on worker_heartbeats to controlplane_worker;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The grants go with the tables.
            migrationBuilder.DropTable(
                name: "shard_leases");

            migrationBuilder.DropTable(
                name: "worker_heartbeats");
        }
    }
}
