using Npgsql;

namespace ControlPlane.Recording.Outbox;

/// <summary>
/// The outbox's own small connection pool on the metadata database. With the requests' pool, a claim queued behind
/// every request waiting for a connection, so an API under load handed its commands off last.
/// </summary>
public sealed class OutboxDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>The metadata connection string, named so its sessions are told apart in pg_stat_activity, sized for the rounds.</summary>
    public static OutboxDataSource Create(string connectionString, OutboxOptions options)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "controlplane-outbox" };
        builder.ConnectionStringBuilder.ApplicationName = "controlplane-outbox";
        // One connection per round in flight, one for the backlog gauges, one for the commit announcements, one spare.
        builder.ConnectionStringBuilder.MaxPoolSize = options.MaxConcurrentRounds + 3;
        return new OutboxDataSource(builder.Build());
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
