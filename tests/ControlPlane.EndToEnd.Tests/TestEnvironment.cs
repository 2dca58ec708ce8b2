using System.Net;
using System.Net.Sockets;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>What the end-to-end tests need of this machine besides the test servers (ControlPlane.Testing.TestServices).</summary>
internal static class TestEnvironment
{
    /// <summary>The build output of a host, in the configuration this test assembly was built in.</summary>
    public static string HostDll(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Find(), "src", project, "bin", configuration, "net10.0", project + ".dll");
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
