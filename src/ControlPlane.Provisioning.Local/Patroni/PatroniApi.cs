using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Patroni;

/// <summary>
/// The few Patroni REST calls the driver makes. Reads are anonymous; unsafe calls (PATCH, POST) carry the
/// instance's basic-auth credentials, which Patroni requires once <c>restapi.authentication</c> is set.
/// Connection failures surface as <see cref="HttpRequestException"/> for the caller to treat as transient.
/// </summary>
public sealed class PatroniApi(IOptions<LocalDriverOptions> options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1), UseProxy = false })
    {
        Timeout = options.Value.PatroniRequestTimeout,
    };

    public async Task<ClusterView> GetClusterAsync(Uri api, CancellationToken cancellationToken)
    {
        var json = JsonNode.Parse(await _http.GetStringAsync(new Uri(api, "/cluster"), cancellationToken));
        var members = new List<ClusterMember>();
        foreach (var member in json?["members"]?.AsArray() ?? [])
        {
            if (member is null)
            {
                continue;
            }

            members.Add(new ClusterMember(
                member["name"]?.ToString() ?? "",
                member["role"]?.ToString() ?? "",
                member["state"]?.ToString() ?? "",
                member["timeline"] is JsonValue timeline && timeline.TryGetValue<int>(out var t) ? t : null,
                ParseLag(member["lag"]),
                member["pending_restart"]?.GetValue<bool>() ?? false));
        }

        return new ClusterView(members);
    }

    public async Task<JsonNode?> GetConfigAsync(Uri api, CancellationToken cancellationToken) =>
        JsonNode.Parse(await _http.GetStringAsync(new Uri(api, "/config"), cancellationToken));

    /// <summary>Status code of a read-only status endpoint (<c>/primary</c>, <c>/replica</c>...), or null when the member does not answer.</summary>
    public async Task<int?> ProbeAsync(Uri api, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(api, path), cancellationToken);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public Task<PatroniResponse> PatchConfigAsync(Uri api, JsonObject patch, string username, string password, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, new Uri(api, "/config"), patch, username, password, cancellationToken);

    public Task<PatroniResponse> SwitchoverAsync(Uri api, string leader, string? candidate, string username, string password, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["leader"] = leader };
        if (candidate is not null)
        {
            body["candidate"] = candidate;
        }

        return SendAsync(HttpMethod.Post, new Uri(api, "/switchover"), body, username, password, cancellationToken);
    }

    public Task<PatroniResponse> RestartPendingAsync(Uri api, string username, string password, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, new Uri(api, "/restart"), new JsonObject { ["restart_pending"] = true }, username, password, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<PatroniResponse> SendAsync(
        HttpMethod method, Uri uri, JsonObject body, string username, string password, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new PatroniResponse((int)response.StatusCode, text.Trim());
    }

    private static long? ParseLag(JsonNode? lag) =>
        lag is JsonValue value && value.TryGetValue<long>(out var bytes) ? bytes
        : lag is JsonValue text && long.TryParse(text.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;
}
