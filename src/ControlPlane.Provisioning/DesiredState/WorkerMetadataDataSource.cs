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

    public static WorkerMetadataDataSource Create(string connectionString) =>
        new(new NpgsqlDataSourceBuilder(connectionString) { Name = "controlplane-worker-metadata" }.Build());

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
