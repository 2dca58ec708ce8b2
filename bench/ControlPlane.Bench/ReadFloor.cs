using Npgsql;

namespace ControlPlane.Bench;

/// <summary>
/// The read path's floor (bench/ControlPlane.Bench.Floor) run as a process of its own against the product's database:
/// the API's two reads with nothing of the API on top. The API's rate over the floor's is the share of the machine's
/// best that the product's own work (authentication, EF Core, rate limit, mapping) leaves.
/// </summary>
public sealed class ReadFloor : IAsyncDisposable
{
    private readonly HostProcess _process;

    private ReadFloor(HostProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Pid;

    public static async Task<ReadFloor> StartAsync(BenchSettings settings, Product product, Guid organization, CancellationToken cancellationToken)
    {
        var url = HostProcess.FreeLoopbackUrl();
        // The pool as the API's: the same size, prepared statements and no reset (MetadataConnectionString.Tune).
        var connectionString = new NpgsqlConnectionStringBuilder(product.ConnectionString) { MaxPoolSize = 100, MaxAutoPrepare = 64, NoResetOnClose = true };
        var environment = new Dictionary<string, string>
        {
            ["FLOOR_CONNECTION_STRING"] = connectionString.ConnectionString,
            ["FLOOR_ORGANIZATION"] = organization.ToString(),
        };
        var process = HostProcess.Start(settings.BenchDll("ControlPlane.Bench.Floor"), environment, Path.Combine(product.LogDirectory, "floor.log"), "--urls", url.ToString());
        try
        {
            await HostProcess.WaitUntilReadyAsync("the read floor", url, cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new ReadFloor(process, url);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
