using System.Globalization;

namespace ControlPlane.Bench;

/// <summary>
/// CPU spent during one load run, per request, by the host under load (the API, or the read floor) and by PostgreSQL, and
/// how busy the machine was: it shows where a request's cost lies, and whether a ratio is held down by the host or by two
/// cores shared by everything.
/// </summary>
public sealed class CpuAccount
{
    private readonly int? _hostPid;
    private readonly string _postgresData;
    private readonly double _host;
    private readonly double _postgres;
    private readonly double _machine;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    private CpuAccount(int? hostPid, string postgresData)
    {
        _hostPid = hostPid;
        _postgresData = postgresData;
        _host = hostPid is { } pid ? ProcessStats.CpuSeconds(pid) : 0;
        _postgres = ProcessStats.PostgresCpuSeconds(postgresData);
        _machine = ProcessStats.MachineBusySeconds();
    }

    public static CpuAccount Start(BenchSettings settings, int? hostPid) => new(hostPid, Path.Combine(settings.StateDirectory, "pg", "data"));

    /// <summary>Milliseconds of CPU per request (host, PostgreSQL) and the machine's busy cores over the run.</summary>
    public CpuSpent Stop(double requests)
    {
        var seconds = (DateTimeOffset.UtcNow - _started).TotalSeconds;
        var per = 1000 / Math.Max(1, requests);
        return new CpuSpent(
            _hostPid is { } pid ? (ProcessStats.CpuSeconds(pid) - _host) * per : null,
            (ProcessStats.PostgresCpuSeconds(_postgresData) - _postgres) * per,
            (ProcessStats.MachineBusySeconds() - _machine) / seconds);
    }
}

public sealed record CpuSpent(double? HostMsPerRequest, double PostgresMsPerRequest, double MachineBusyCores)
{
    public string Describe(string unit = "request", string host = "API") => string.Create(CultureInfo.InvariantCulture,
        $"{(HostMsPerRequest is { } spent ? $"{host} CPU {spent:F2} ms/{unit}, " : "")}PostgreSQL CPU {PostgresMsPerRequest:F3} ms/{unit}, machine busy {MachineBusyCores:F2} of {Environment.ProcessorCount} cores");
}
