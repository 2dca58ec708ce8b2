using ControlPlane.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Migrations;

public static class MigrationContext
{
    public static ControlPlaneDbContext Create(string connectionString) => new(new DbContextOptionsBuilder<ControlPlaneDbContext>()
        .UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(MigrationContext).Assembly.GetName().Name))
        .UseSnakeCaseNamingConvention()
        .Options);
}
