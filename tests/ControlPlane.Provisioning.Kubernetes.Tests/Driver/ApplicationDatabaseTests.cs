using System.Globalization;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;
using Npgsql;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

public sealed class ApplicationDatabaseTests
{
    [Fact]
    public async Task Should_requeue_while_the_primarys_postgres_does_not_answer()
    {
        await using var h = await DriverHarness.StartAsync(new Dictionary<string, string?> { ["ManageApplicationDatabase"] = "true" });

        var result = await h.Driver.ReconcileAsync(TestInstances.Create(ha: false), CancellationToken.None);

        Assert.False(result.Ready);
        Assert.Equal("application-database", result.Step);
        Assert.Null(result.PermanentFailure);
    }

    [PostgresFact]
    public async Task Should_create_the_customers_role_and_database_once_on_the_primary()
    {
        // The first pod of a fresh API double always gets 127.0.10.1.
        await using var postgres = await LoopbackPostgres.StartAsync("127.0.10.1", TestInstances.SuperuserPassword);
        await using var h = await DriverHarness.StartAsync(new Dictionary<string, string?>
        {
            ["ManageApplicationDatabase"] = "true",
            ["PostgresPort"] = postgres.Port.ToString(CultureInfo.InvariantCulture),
        });
        var instance = TestInstances.Create(ha: false);

        var first = await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var second = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(first.Ready, first.Message);
        Assert.True(second.Ready, second.Message);
        var asCustomer = new NpgsqlConnectionStringBuilder
        {
            Host = postgres.Host,
            Port = postgres.Port,
            Username = instance.Credentials.Username,
            Password = instance.Credentials.Password,
            Database = instance.Credentials.Database,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(asCustomer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user || '@' || current_database()", connection);
        Assert.Equal("app_user@app", await command.ExecuteScalarAsync());
    }
}
