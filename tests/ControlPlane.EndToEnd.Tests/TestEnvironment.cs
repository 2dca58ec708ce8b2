using System.Net;
using System.Net.Sockets;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>The real services `make test` started (with the same defaults when run by hand).</summary>
internal static class TestEnvironment
{
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("CP_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres";

    public static string RabbitMq =>
        Environment.GetEnvironmentVariable("CP_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:55672/";

    /// <summary>The API's own broker user (scripts/rabbitmq.sh): it may send commands, not publish worker events.</summary>
    public static string? RabbitMqApi => Environment.GetEnvironmentVariable("CP_TEST_RABBITMQ_API") is { Length: > 0 } value ? value : null;

    /// <summary>The worker's own broker user: it may publish events, not send commands.</summary>
    public static string? RabbitMqWorker => Environment.GetEnvironmentVariable("CP_TEST_RABBITMQ_WORKER") is { Length: > 0 } value ? value : null;

    /// <summary>
    /// The password of the cluster-wide worker role on the test server. Every fixture of every test process sets the
    /// same one: a password of each fixture's own made the fixtures that ran at the same time lock each other's workers out.
    /// </summary>
    public static string WorkerDbPassword =>
        Environment.GetEnvironmentVariable("CP_TEST_WORKER_DB_PASSWORD") is { Length: > 0 } value ? value : "worker-test";

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ControlPlane.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("ControlPlane.sln not found above the test's directory.");
        }
    }

    /// <summary>The build output of a host, in the configuration this test assembly was built in.</summary>
    public static string HostDll(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first.", dll);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool PatroniInstalled => File.Exists("/usr/bin/patroni") && File.Exists("/usr/sbin/haproxy");
}
