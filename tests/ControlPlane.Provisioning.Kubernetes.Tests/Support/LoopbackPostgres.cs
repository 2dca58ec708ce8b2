using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL 15 standing in for a pod's PostgreSQL: it listens on the pod's loopback IP, with the
/// instance's superuser password. Needs the Debian server binaries and root (to run it as the postgres user).
/// </summary>
internal sealed class LoopbackPostgres : IAsyncDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private readonly string _dir;

    private LoopbackPostgres(string dir, string host, int port)
    {
        _dir = dir;
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }

    public static string? UnavailableReason =>
        !File.Exists(Path.Combine(Bin, "initdb")) ? $"PostgreSQL server binaries are not in {Bin} (scripts/install-deps.sh installs them)"
        : Environment.UserName != "root" ? "starting PostgreSQL as the postgres user needs root"
        : null;

    public static async Task<LoopbackPostgres> StartAsync(string host, string superuserPassword)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cp-k8s-tests-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var port = FreePort(host);
        var pwfile = Path.Combine(dir, "pw");
        await File.WriteAllTextAsync(pwfile, superuserPassword + "\n");
        await RunAsync("chown", "-R", "postgres:", dir);
        await AsPostgresAsync($"{Bin}/initdb", "-D", $"{dir}/data", "-U", "postgres", $"--pwfile={pwfile}",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync($"{dir}/data/postgresql.conf",
            $"listen_addresses = '{host}'\nport = {port}\nunix_socket_directories = '{dir}'\nfsync = off\nsynchronous_commit = off\n");
        await File.AppendAllTextAsync($"{dir}/data/pg_hba.conf", "host all all 127.0.0.0/8 scram-sha-256\n");
        await AsPostgresAsync($"{Bin}/pg_ctl", "-D", $"{dir}/data", "-l", $"{dir}/log", "-w", "start");
        return new LoopbackPostgres(dir, host, port);
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

    private static int FreePort(string host)
    {
        using var probe = new TcpListener(IPAddress.Parse(host), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
