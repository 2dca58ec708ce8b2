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
/// In synchronous mode the lowest-ordinal replica is the synchronous standby. Unsafe calls are refused as Patroni 3.0.2's
/// api.py refuses them (check_access, then _read_json_content, then is_failover_possible): 401 without the right
/// basic auth, 411 for a body without Content-Length (a chunked body), 400 for a body that is not a non-empty JSON
/// object, and the 400/412 reasons of a switchover. Every unsafe call is recorded in <see cref="Calls"/>.
/// </summary>
public sealed class FakePatroniCluster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeKubernetesApi _api;
    private readonly string _namespace;
    private readonly Dictionary<string, string> _podByIp;
    private readonly string _expectedAuthorization;
    private readonly List<PatroniCall> _calls = [];
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
        _app.MapPost("/restart", (Delegate)RestartAsync);
        _app.MapGet("/config", () => Results.Content(Config.ToJsonString(), "application/json"));
        _app.MapMethods("/config", ["PATCH"], (Delegate)PatchConfigAsync);
    }

    public int Port { get; }

    public int SwitchoverRequests { get; private set; }

    public int ConfigPatches { get; private set; }

    /// <summary>Every unsafe call (PATCH /config, POST /switchover, POST /restart) with its answer, in order.</summary>
    public IReadOnlyList<PatroniCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

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

    /// <summary>The member Patroni would hold as synchronous standby: in synchronous mode, the preferred replica or else the lowest-ordinal one.</summary>
    public string? SyncStandby =>
        Config["synchronous_mode"]?.GetValue<bool>() == true
            ? _podByIp.Values.Where(p => Role(p) != "primary").OrderBy(p => p == PreferredSyncStandby ? -1 : Ordinal(p)).FirstOrDefault()
            : null;

    /// <summary>Which replica Patroni picks as synchronous standby while it is a replica (Patroni's choice is its own).</summary>
    public string? PreferredSyncStandby { get; set; }

    private async Task<IResult> SwitchoverAsync(HttpContext ctx)
    {
        SwitchoverRequests++;
        var (refusal, body) = await ReadUnsafeAsync(ctx);
        if (refusal is not null)
        {
            return Record(ctx, body, refusal.Value.Status, refusal.Value.Text);
        }

        if (_nextSwitchoverAnswer is { } answer)
        {
            _nextSwitchoverAnswer = null;
            return Record(ctx, body, answer.Status, answer.Body);
        }

        var leader = body!["leader"]?.GetValue<string>();
        var candidate = body["candidate"]?.GetValue<string>() ?? body["member"]?.GetValue<string>();
        var currentLeader = _podByIp.Values.FirstOrDefault(p => Role(p) == "primary");
        if (leader is null)
        {
            return Record(ctx, body, 400, "Switchover could be performed only from a specific leader");
        }

        if (leader != currentLeader)
        {
            return Record(ctx, body, 412, "leader name does not match");
        }

        var sync = SyncStandby;
        if (candidate is not null && Config["synchronous_mode"]?.GetValue<bool>() == true && candidate != sync)
        {
            return Record(ctx, body, 412, "candidate name does not match with sync_standby");
        }

        candidate ??= sync ?? _podByIp.Values.FirstOrDefault(p => p != currentLeader);
        if (candidate is null || !_podByIp.ContainsValue(candidate) || candidate == currentLeader)
        {
            return Record(ctx, body, 412, "candidate does not exists");
        }

        _api.SimulateFailover(_namespace, currentLeader!, candidate);
        return Record(ctx, body, 200, $"Successfully switched over to \"{candidate}\"");
    }

    private async Task<IResult> RestartAsync(HttpContext ctx)
    {
        var (refusal, body) = await ReadUnsafeAsync(ctx);
        return refusal is { } r ? Record(ctx, body, r.Status, r.Text) : Record(ctx, body, 200, "restarted successfully");
    }

    private async Task<IResult> PatchConfigAsync(HttpContext ctx)
    {
        var (refusal, patch) = await ReadUnsafeAsync(ctx);
        if (refusal is not null)
        {
            return Record(ctx, patch, refusal.Value.Status, refusal.Value.Text);
        }

        ConfigPatches++;
        Record(ctx, patch, 200, "");
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

    /// <summary>check_access, then _read_json_content, in Patroni's order.</summary>
    private async Task<((int Status, string Text)? Refusal, JsonObject? Body)> ReadUnsafeAsync(HttpContext ctx)
    {
        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return ((401, "no auth header received"), null);
        }

        if (authorization != _expectedAuthorization)
        {
            return ((401, "not authenticated"), null);
        }

        if (ctx.Request.ContentLength is null)
        {
            return ((411, "Length Required"), null);
        }

        try
        {
            var node = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            return node is JsonObject { Count: > 0 } body ? (null, body) : ((400, "Bad Request"), null);
        }
        catch (System.Text.Json.JsonException)
        {
            return ((400, "Bad Request"), null);
        }
    }

    private IResult Record(HttpContext ctx, JsonObject? body, int status, string text)
    {
        lock (_calls)
        {
            _calls.Add(new PatroniCall(ctx.Request.Method, ctx.Request.Path.Value ?? "", PodOf(ctx), body?.DeepClone().AsObject(), status, _api.Requests.Count));
        }

        return Results.Text(text, statusCode: status);
    }

    private static int Ordinal(string pod) =>
        int.TryParse(pod.AsSpan(pod.LastIndexOf('-') + 1), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    private string PodOf(HttpContext ctx) => _podByIp[ctx.Connection.LocalIpAddress!.MapToIPv4().ToString()];

    private string Role(string pod) =>
        _api.GetObject("pods", _namespace, pod)?["metadata"]?["labels"]?[_api.Options.RoleLabelKey ?? ""]?.GetValue<string>() == _api.Options.PrimaryRoleValue
            ? "primary"
            : "replica";

    private JsonObject Member(string pod) => new()
    {
        ["name"] = pod,
        ["role"] = Role(pod) == "primary" ? "leader" : pod == SyncStandby ? "sync_standby" : "replica",
        ["state"] = "running",
        ["lag"] = Role(pod) == "primary" ? null : 0,
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
