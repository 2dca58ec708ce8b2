using ControlPlane.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ControlPlane.Migrations;

/// <summary>Lets `dotnet ef` build the model without a running host; the connection is only used by `database update`.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ControlPlaneDbContext>
{
    public ControlPlaneDbContext CreateDbContext(string[] args) => MigrationContext.Create(
        Environment.GetEnvironmentVariable("ConnectionStrings__Metadata") ?? "Host=127.0.0.1;Port=5432;Database=controlplane;Username=postgres");
}
