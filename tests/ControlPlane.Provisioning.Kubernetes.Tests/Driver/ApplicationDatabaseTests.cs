using System.Globalization;
using ControlPlane.Kubernetes.Fake;
using ControlPlane.Provisioning.Drivers;
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
        await using var postgres = await PodPostgres.StartAsync(TestInstances.SuperuserPassword);
        await using var h = await HarnessFor(postgres);
        var instance = TestInstances.Create(ha: false);

        var first = await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var second = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(first.Ready, first.Message);
        Assert.True(second.Ready, second.Message);
        await using var connection = await OpenAsCustomerAsync(postgres, h, instance, instance.Credentials.Password);
        await using var command = new NpgsqlCommand("SELECT current_user || '@' || current_database()", connection);
        Assert.Equal("app_user@app", await command.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task Should_change_the_password_in_postgres_when_credentials_are_rotated_without_logging_it()
    {
        await using var postgres = await PodPostgres.StartAsync(TestInstances.SuperuserPassword);
        await using var h = await HarnessFor(postgres);
        var instance = TestInstances.Create(ha: true, replicas: 1);
        Assert.True((await h.Driver.ReconcileAsync(instance, CancellationToken.None)).Ready);
        const string rotatedPassword = "rotated-pw-5e81d0aa";
        var rotated = instance with
        {
            Generation = instance.Generation + 1,
            Credentials = instance.Credentials with { Password = rotatedPassword },
        };

        var result = await h.Driver.ReconcileAsync(rotated, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        await using (var connection = await OpenAsCustomerAsync(postgres, h, instance, rotatedPassword))
        {
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() => OpenAsCustomerAsync(postgres, h, instance, TestInstances.AppPassword));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        var log = await postgres.ReadLogAsync();
        Assert.Contains("ALTER ROLE", log, StringComparison.Ordinal);
        Assert.Contains("SCRAM-SHA-256$", log, StringComparison.Ordinal);
        Assert.DoesNotContain(rotatedPassword, log, StringComparison.Ordinal);
        Assert.DoesNotContain(TestInstances.AppPassword, log, StringComparison.Ordinal);
    }

    private static Task<DriverHarness> HarnessFor(PodPostgres postgres) =>
        DriverHarness.StartAsync(new Dictionary<string, string?>
        {
            ["ManageApplicationDatabase"] = "true",
            ["PostgresPort"] = postgres.Port.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>Logs in to the primary pod's IP, the address the driver itself uses.</summary>
    private static async Task<NpgsqlConnection> OpenAsCustomerAsync(PodPostgres postgres, DriverHarness h, DesiredInstance instance, string password)
    {
        var leader = h.PodNames(instance)[0];
        var asCustomer = new NpgsqlConnectionStringBuilder
        {
            Host = h.Api.PodIp(h.Namespace(instance), leader),
            Port = postgres.Port,
            Username = instance.Credentials.Username,
            Password = password,
            Database = instance.Credentials.Database,
            Pooling = false,
        };
        var connection = new NpgsqlConnection(asCustomer.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
