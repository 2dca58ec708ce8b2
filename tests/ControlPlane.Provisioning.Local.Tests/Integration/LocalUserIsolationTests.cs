using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Local.Configuration;
using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>
/// What another account of the machine can do to a running instance: nothing. The worker's own secrets stay out
/// of the instance processes, whose working directory is their own; the DCS and the unsafe REST calls need the
/// instance's passwords.
/// </summary>
[Collection(PatroniCollection.Name)]
public sealed class LocalUserIsolationTests(ITestOutputHelper output)
{
    // Stand-ins for what the worker has in its environment under `make run`.
    private const string MasterKeyVariable = "ControlPlane__DataProtection__MasterKey";
    private const string MasterKey = "worker-master-key-6f1d2c";
    private const string ConnectionVariable = "ConnectionStrings__WorkerMetadata";
    private const string Connection = "Host=127.0.0.1;Password=worker-db-secret-93ab";

    [PatroniFact]
    public async Task Should_start_every_instance_process_in_its_own_directory_with_none_of_the_workers_secrets()
    {
        Environment.SetEnvironmentVariable(MasterKeyVariable, MasterKey);
        Environment.SetEnvironmentVariable(ConnectionVariable, Connection);
        try
        {
            await using var harness = new LocalDriverHarness(output);
            var desired = TestInstances.Desired(HighAvailabilitySpec.Off);
            await harness.ReconcileUntilReadyAsync(desired, TimeSpan.FromSeconds(120));
            var layout = harness.Store.Layout(desired.InstanceId);
            var processes = harness.Services.GetRequiredService<InstanceProcesses>();

            var expected = new Dictionary<string, (int Pid, string Directory)>
            {
                ["patroni"] = (processes.PatroniPid(layout, 0)!.Value, layout.SlotDirectory(0)),
                ["witness"] = (ProcessInspector.ReadPidFile(layout.WitnessPidFile(1))!.Value, layout.SlotDirectory(1)),
                ["haproxy"] = (ProcessInspector.ReadPidFile(layout.HaproxyPidFile)!.Value, layout.HaproxyDirectory),
                // PostgreSQL moves into its data directory itself; it matters that it inherits nothing.
                ["postmaster"] = (processes.PostmasterPid(layout, 0)!.Value, layout.PostgresDataDirectory(0)),
            };

            foreach (var (name, (pid, directory)) in expected)
            {
                var environ = await File.ReadAllTextAsync($"/proc/{pid}/environ");
                Assert.True(!environ.Contains(MasterKey, StringComparison.Ordinal), $"{name} has the master key in its environment");
                Assert.True(!environ.Contains(Connection, StringComparison.Ordinal), $"{name} has a connection string in its environment");
                Assert.DoesNotContain(environ.Split('\0'), variable => variable.StartsWith("ControlPlane__", StringComparison.Ordinal) || variable.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
                Assert.Equal(directory, new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(MasterKeyVariable, null);
            Environment.SetEnvironmentVariable(ConnectionVariable, null);
        }
    }

    [PatroniFact]
    public async Task Should_refuse_another_local_user_any_change_to_the_dcs_or_through_patronis_rest_api()
    {
        await using var harness = new LocalDriverHarness(output);
        var desired = TestInstances.Desired(HighAvailabilitySpec.Off);
        await harness.ReconcileUntilReadyAsync(desired, TimeSpan.FromSeconds(120));
        var state = harness.Store.Read(desired.InstanceId)!;
        var api = state.RestApi(0, "127.0.0.1");
        var raft = $"127.0.0.1:{state.Slots[0].Raft}";

        // Unsafe REST calls: refused without the instance's credentials, and from an unprivileged account.
        using var http = new HttpClient();
        foreach (var (method, path) in new[] { ("PATCH", "/config"), ("POST", "/switchover"), ("POST", "/failover"), ("POST", "/restart"), ("POST", "/reinitialize") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(api, path)) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
            using var wrong = new HttpRequestMessage(new HttpMethod(method), new Uri(api, path)) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("patroni-admin:guess")));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        }

        var asNobody = await RunAsync("runuser", "-u", "nobody", "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PATCH",
            "-H", "Content-Type: application/json", "-d", "{\"synchronous_mode_strict\":false}", new Uri(api, "/config").ToString());
        Assert.Equal("401", asNobody.Output.Trim());

        // Raft: the same admin command is answered with the instance's password and refused without it.
        var withPassword = await RunAsync("syncobj_admin", "-conn", raft, "-pass", PatroniConfigBuilder.RaftPassword(desired.Credentials), "-status");
        Assert.Contains("leader", withPassword.Output, StringComparison.OrdinalIgnoreCase);
        var withoutPassword = await RunAsync("runuser", "-u", "nobody", "--", "syncobj_admin", "-conn", raft, "-status");
        Assert.DoesNotContain("leader", withoutPassword.Output, StringComparison.OrdinalIgnoreCase);
        var wrongPassword = await RunAsync("runuser", "-u", "nobody", "--", "syncobj_admin", "-conn", raft, "-pass", "guess", "-remove", $"127.0.0.1:{state.Slots[1].Raft}");
        Assert.DoesNotContain("SUCCESS", wrongPassword.Output, StringComparison.OrdinalIgnoreCase);
        var after = await RunAsync("syncobj_admin", "-conn", raft, "-pass", PatroniConfigBuilder.RaftPassword(desired.Credentials), "-status");
        Assert.Contains($"partner_node_status_server_127.0.0.1:{state.Slots[1].Raft}", after.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
