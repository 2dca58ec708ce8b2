using Npgsql;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>
/// The pooled connections of the worker's read-only role (ConnectionStrings:WorkerMetadata). A type of its own so
/// that it cannot be confused with a read-write data source a host might also register.
/// </summary>
public sealed class WorkerMetadataDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
{
    public const string ConnectionStringName = "WorkerMetadata";

    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>
    /// Applies <see cref="WithLivenessDefaults"/>: a worker cut off from the database must notice in seconds. Without
    /// keepalives a connection to a vanished peer looks open for as long as the kernel's two hours, and a statement on it
    /// waits as long; the leases do not depend on that (they lapse on the worker's monotonic clock), but the worker must
    /// get a fresh connection to win them back once the database is reachable again.
    /// </summary>
    public static WorkerMetadataDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "controlplane-worker-metadata" };
        WithLivenessDefaults(builder.ConnectionStringBuilder);
        return new(builder.Build());
    }

    /// <summary>Sets what the connection string leaves at Npgsql's defaults; an operator's own values win.</summary>
    public static void WithLivenessDefaults(NpgsqlConnectionStringBuilder settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var defaults = new NpgsqlConnectionStringBuilder();
        settings.TcpKeepAlive = true;
        if (settings.TcpKeepAliveTime == defaults.TcpKeepAliveTime)
        {
            settings.TcpKeepAliveTime = 5;
        }

        if (settings.TcpKeepAliveInterval == defaults.TcpKeepAliveInterval)
        {
            settings.TcpKeepAliveInterval = 2;
        }

        // An idle connection (the wake-up LISTEN) sends a query every few seconds, so a dead peer surfaces as an error.
        if (settings.KeepAlive == defaults.KeepAlive)
        {
            settings.KeepAlive = 5;
        }

        if (settings.Timeout == defaults.Timeout)
        {
            settings.Timeout = 5;
        }

        if (settings.CommandTimeout == defaults.CommandTimeout)
        {
            settings.CommandTimeout = 15;
        }

        if (settings.CancellationTimeout == defaults.CancellationTimeout)
        {
            settings.CancellationTimeout = 2000;
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
