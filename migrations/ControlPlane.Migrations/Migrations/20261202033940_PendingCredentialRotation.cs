using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PendingCredentialRotation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "credentials_rotation_generation",
                table: "instances",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_credentials_protected",
                table: "instances",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "credentials_rotation_generation",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "previous_credentials_protected",
                table: "instances");
        }
    }
}
