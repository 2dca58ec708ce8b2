extern alias migrations;

using ControlPlane.Api.Tests.Infrastructure;
using migrations::ControlPlane.Migrations;
using Npgsql;

namespace ControlPlane.Api.Tests;

/// <summary>The deployable migration step, run the way test fixtures and several environments on one server run it.</summary>
public sealed class MigratorTests
{
    [Fact]
    public async Task Should_migrate_several_databases_of_one_server_at_once_and_set_the_shared_worker_role_once_each()
    {
        // Seen in make test: end-to-end fixtures migrating their own databases at once failed with XX000 "tuple
        // concurrently updated", because each sets the password of the one cluster-wide worker role.
        var password = Environment.GetEnvironmentVariable("CP_TEST_WORKER_DB_PASSWORD") is { Length: > 0 } shared
            ? shared
            : throw new InvalidOperationException("CP_TEST_WORKER_DB_PASSWORD is not set (scripts/test.sh sets it).");
        var names = Enumerable.Range(0, 4).Select(_ => "cp_migrator_" + Guid.NewGuid().ToString("N")[..12]).ToList();
        try
        {
            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(names.Select(name => Task.Run(() => Migrator.RunAsync(Of(name), password, CancellationToken.None))));
            }

            await using var worker = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Of(names[0]))
            {
                Username = "controlplane_worker", Password = password, Pooling = false,
            }.ConnectionString);
            await worker.OpenAsync();
            await using var read = new NpgsqlCommand("select current_user", worker);
            Assert.Equal("controlplane_worker", await read.ExecuteScalarAsync());
        }
        finally
        {
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestServices.PostgresAdmin) { Pooling = false }.ConnectionString);
            await admin.OpenAsync();
            foreach (var name in names)
            {
                await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private static string Of(string database) =>
        new NpgsqlConnectionStringBuilder(TestServices.PostgresAdmin) { Database = database }.ConnectionString;
}
