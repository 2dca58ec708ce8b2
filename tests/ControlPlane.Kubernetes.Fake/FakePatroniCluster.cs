using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// Patroni's REST API for the pods of one StatefulSet in the fake: one listener per pod IP (all loopback) on a shared port.
/// Roles come from the pods' role labels, and a successful <c>POST /switchover</c> moves the label, like Patroni would.
/// </summary>
public sealed class FakePatroniCluster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeKubernetesApi _api;
    private readonly string _namespace;
    private readonly Dictionary<string, string> _podByIp;
    private readonly string _expectedAuthorization;
    private (int Status, string Body)? _nextSwitchoverAnswer;

    private FakePatroniCluster(FakeKubernetesApi api, string ns, Dictionary<string, string> podByIp, int port, string username, string password)
    {
        _api = api;
        _namespace = ns;
        _podByIp = podByIp;
        Port = port;
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var ip in podByIp.Keys)
            {
                k.Listen(IPAddress.Parse(ip), port);
            }
        });
        _app = builder.Build();
        _app.MapGet("/patroni", (HttpContext ctx) => Results.Json(Member(PodOf(ctx))));
        _app.MapGet("/cluster", () => Results.Json(new JsonObject { ["members"] = new JsonArray(_podByIp.Values.Select(p => (JsonNode)Member(p)).ToArray()) }));
        _app.MapPost("/switchover", (Delegate)SwitchoverAsync);
        _app.MapGet("/config", () => Results.Content(Config.ToJsonString(), "application/json"));
        _app.MapMethods("/config", ["PATCH"], (Delegate)PatchConfigAsync);
    }

    public int Port { get; }

    public int SwitchoverRequests { get; private set; }

    public int ConfigPatches { get; private set; }

    /// <summary>Patroni's dynamic configuration (what GET /config shows); PATCH /config merges into it.</summary>
    public JsonObject Config { get; } = new()
    {
        ["ttl"] = 30,
        ["loop_wait"] = 10,
        ["retry_timeout"] = 10,
        ["synchronous_mode"] = false,
        ["synchronous_mode_strict"] = false,
    };

    public static async Task<FakePatroniCluster> StartAsync(
        FakeKubernetesApi api, string ns, string statefulSetName, string username, string password, int? port = null,
        CancellationToken cancellationToken = default)
    {
        var pods = api.ListObjects("pods", ns)
            .Where(p => p["metadata"]?["ownerReferences"]?[0]?["name"]?.GetValue<string>() == statefulSetName)
            .ToDictionary(p => p["status"]!["podIP"]!.GetValue<string>(), ObjectStore.Name);
        if (pods.Count == 0)
        {
            throw new InvalidOperationException($"statefulset {ns}/{statefulSetName} has no pods");
        }

        var cluster = new FakePatroniCluster(api, ns, pods, port ?? FreePort(pods.Keys.First()), username, password);
        await cluster._app.StartAsync(cancellationToken);
        return cluster;
    }

    /// <summary>The next switchover gets this answer instead of succeeding, e.g. 412 "candidate name does not match with sync_standby".</summary>
    public void AnswerNextSwitchover(int status, string body) => _nextSwitchoverAnswer = (status, body);

    private async Task<IResult> SwitchoverAsync(HttpContext ctx)
    {
        SwitchoverRequests++;
        if (ctx.Request.Headers.Authorization != _expectedAuthorization)
        {
            return Results.Text("no auth header received", statusCode: 401);
        }

        if (_nextSwitchoverAnswer is { } answer)
        {
            _nextSwitchoverAnswer = null;
            return Results.Text(answer.Body, statusCode: answer.Status);
        }

        var body = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
        var leader = body?["leader"]?.GetValue<string>();
        var candidate = body?["candidate"]?.GetValue<string>();
        var currentLeader = _podByIp.Values.FirstOrDefault(p => Role(p) == "primary");
        if (leader != currentLeader)
        {
            return Results.Text("leader name does not match", statusCode: 412);
        }

        candidate ??= _podByIp.Values.FirstOrDefault(p => p != currentLeader);
        if (candidate is null || !_podByIp.ContainsValue(candidate) || candidate == currentLeader)
        {
            return Results.Text("candidate does not exist", statusCode: 412);
        }

        _api.SimulateFailover(_namespace, currentLeader!, candidate);
        return Results.Text($"Successfully switched over to \"{candidate}\"", statusCode: 200);
    }

    private async Task<IResult> PatchConfigAsync(HttpContext ctx)
    {
        if (ctx.Request.Headers.Authorization != _expectedAuthorization)
        {
            return Results.Text("no auth header received", statusCode: 401);
        }

        ConfigPatches++;
        var patch = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
        var merged = JsonMergePatch.Apply(Config, patch)!.AsObject();
        foreach (var key in Config.Select(p => p.Key).ToList())
        {
            Config.Remove(key);
        }

        foreach (var (key, value) in merged.ToList())
        {
            merged.Remove(key);
            Config[key] = value;
        }

        return Results.Content(Config.ToJsonString(), "application/json");
    }

    private string PodOf(HttpContext ctx) => _podByIp[ctx.Connection.LocalIpAddress!.MapToIPv4().ToString()];

    private string Role(string pod) =>
        _api.GetObject("pods", _namespace, pod)?["metadata"]?["labels"]?[_api.Options.RoleLabelKey ?? ""]?.GetValue<string>() == _api.Options.PrimaryRoleValue
            ? "primary"
            : "replica";

    private JsonObject Member(string pod) => new()
    {
        ["name"] = pod,
        ["role"] = Role(pod) == "primary" ? "leader" : "replica",
        ["state"] = "running",
        ["host"] = _podByIp.First(p => p.Value == pod).Key,
        ["port"] = 5432,
        ["api_url"] = $"http://{_podByIp.First(p => p.Value == pod).Key}:{Port}/patroni",
        ["timeline"] = 1,
    };

    /// <summary>A port free on <paramref name="ip"/> now (callers that must configure the port before starting use it).</summary>
    public static int FreePort(string ip = "127.0.0.1")
    {
        using var probe = new TcpListener(IPAddress.Parse(ip), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
