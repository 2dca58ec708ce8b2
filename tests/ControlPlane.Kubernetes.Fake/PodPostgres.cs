using System.Diagnostics;
using System.Globalization;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// A real PostgreSQL 15 behind the fake's pods: one server listening on the first pod IPs the double hands out
/// (127.0.{third}.1..n, see <see cref="FakeKubernetesOptions.PodIpThirdOctet"/>), so whichever pod is the leader, the
/// driver's SQL reaches it. It logs every statement with its parameters (log_statement=all), stricter than Spilo's
/// log_statement=ddl, so a test can prove that no clear password reaches the server's log. Needs the Debian server
/// binaries and root (it runs as the postgres user); <see cref="UnavailableReason"/> says why not.
/// </summary>
public sealed class PodPostgres : IAsyncDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private readonly string _dir;

    private PodPostgres(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string LogPath => Path.Combine(_dir, "log");

    public static string? UnavailableReason =>
        !File.Exists(Path.Combine(Bin, "initdb")) ? $"PostgreSQL server binaries are not in {Bin} (scripts/install-deps.sh installs them)"
        : Environment.UserName != "root" ? "starting PostgreSQL as the postgres user needs root"
        : null;

    /// <param name="podAddresses">How many pod IPs, from the first, to listen on.</param>
    public static async Task<PodPostgres> StartAsync(string superuserPassword, FakeKubernetesOptions? options = null, int podAddresses = 8)
    {
        var third = (options ?? new FakeKubernetesOptions()).PodIpThirdOctet;
        var addresses = Enumerable.Range(1, podAddresses).Select(n => $"127.0.{third}.{n}").ToList();
        var dir = Path.Combine(Path.GetTempPath(), "cp-k8s-fake-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var port = FakePatroniCluster.FreePort(addresses[0]);
        var pwfile = Path.Combine(dir, "pw");
        await File.WriteAllTextAsync(pwfile, superuserPassword + "\n");
        try
        {
            await RunAsync("chown", "-R", "postgres:", dir);
            await AsPostgresAsync($"{Bin}/initdb", "-D", $"{dir}/data", "-U", "postgres", $"--pwfile={pwfile}",
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
            File.Delete(pwfile);
            await File.AppendAllTextAsync($"{dir}/data/postgresql.conf", string.Create(CultureInfo.InvariantCulture, $"""
                listen_addresses = '{string.Join(',', addresses)}'
                port = {port}
                unix_socket_directories = '{dir}'
                fsync = off
                synchronous_commit = off
                password_encryption = 'scram-sha-256'
                log_statement = 'all'
                log_min_error_statement = 'info'
                log_connections = on

                """));
            await File.AppendAllTextAsync($"{dir}/data/pg_hba.conf", "host all all 127.0.0.0/8 scram-sha-256\n");
            await AsPostgresAsync($"{Bin}/pg_ctl", "-D", $"{dir}/data", "-l", $"{dir}/log", "-w", "start");
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }

        return new PodPostgres(dir, port);
    }

    /// <summary>Everything the server logged so far.</summary>
    public async Task<string> ReadLogAsync()
    {
        await using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await AsPostgresAsync($"{Bin}/pg_ctl", "-D", $"{_dir}/data", "-m", "immediate", "-w", "stop");
        Directory.Delete(_dir, recursive: true);
    }

    private static Task AsPostgresAsync(params string[] args) => RunAsync("runuser", ["-u", "postgres", "--", .. args]);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        }
    }
}
