using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// Patroni's REST API, for both drivers and the health monitor: status reads, GET/PATCH /config, POST /switchover and
/// POST /restart. Never throws for a member that is down: the outcome says whether it answered, refused or timed out.
/// Only the caller's own cancellation propagates. The health monitor's instance has short timeouts
/// (<see cref="PatroniClientOptions"/>); the drivers' (<see cref="PatroniServiceCollectionExtensions.AddDriverPatroniClient"/>)
/// waits long enough for Patroni to complete a switchover before it answers.
/// </summary>
public sealed class PatroniClient(HttpClient httpClient, ILogger<PatroniClient> logger)
{
    /// <summary>The key under which a driver's client (and the name under which its HttpClient) is registered.</summary>
    public const string DriverKey = "controlplane-patroni-driver";

    public Task<PatroniResponse<PatroniCluster>> GetClusterAsync(Uri apiUrl, CancellationToken cancellationToken = default) =>
        GetAsync<PatroniCluster>(apiUrl, "cluster", cancellationToken);

    public Task<PatroniResponse<PatroniMemberStatus>> GetMemberStatusAsync(Uri apiUrl, CancellationToken cancellationToken = default) =>
        GetAsync<PatroniMemberStatus>(apiUrl, "patroni", cancellationToken);

    /// <summary>The dynamic configuration as it stands in the DCS (any member answers the same).</summary>
    public Task<PatroniResponse<JsonObject>> GetConfigAsync(Uri apiUrl, CancellationToken cancellationToken = default) =>
        GetAsync<JsonObject>(apiUrl, "config", cancellationToken);

    /// <summary>The status code of a health endpoint (primary, replica, readiness), or null when the member did not answer.</summary>
    public async Task<int?> ProbeAsync(Uri apiUrl, string endpoint, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await httpClient.GetAsync(PatroniUris.For(apiUrl, endpoint), cancellationToken);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Merges <paramref name="changes"/> into the dynamic configuration; Patroni applies what needs no restart at once.</summary>
    public Task<PatroniResponse<string>> PatchConfigAsync(Uri apiUrl, JsonObject changes, InstanceCredentials credentials, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, apiUrl, "config", changes, credentials, cancellationToken);

    /// <summary>A planned switchover from <paramref name="leader"/>; without a candidate Patroni picks one (the sync standby in synchronous mode).</summary>
    public Task<PatroniResponse<string>> SwitchoverAsync(
        Uri apiUrl, string leader, string? candidate, InstanceCredentials credentials, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["leader"] = leader };
        if (candidate is not null)
        {
            body["candidate"] = candidate;
        }

        return SendAsync(HttpMethod.Post, apiUrl, "switchover", body, credentials, cancellationToken);
    }

    /// <summary>Restarts PostgreSQL on this member only if a changed parameter waits for a restart.</summary>
    public Task<PatroniResponse<string>> RestartPendingAsync(Uri apiUrl, InstanceCredentials credentials, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, apiUrl, "restart", new JsonObject { ["restart_pending"] = true }, credentials, cancellationToken);

    /// <summary>
    /// Unsafe calls carry basic auth (Patroni requires it once restapi.authentication is set) and a body of known length:
    /// Patroni reads exactly Content-Length bytes and answers 411 to a chunked body, which is what JsonContent sends.
    /// </summary>
    private async Task<PatroniResponse<string>> SendAsync(
        HttpMethod method, Uri apiUrl, string endpoint, JsonObject body, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        var uri = PatroniUris.For(apiUrl, endpoint);
        using var request = new HttpRequestMessage(method, uri)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.PatroniApiUsername}:{credentials.PatroniApiPassword}")));
        try
        {
            using var response = await httpClient.SendAsync(request, cancellationToken);
            var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return new PatroniResponse<string>(PatroniCallOutcome.Answered, (int)response.StatusCode, text, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PatroniResponse<string>(PatroniCallOutcome.TimedOut, null, null, $"no answer from {uri} in time");
        }
        catch (HttpRequestException ex)
        {
            return new PatroniResponse<string>(Classify(ex), null, null, ex.Message);
        }
    }

    private async Task<PatroniResponse<T>> GetAsync<T>(Uri apiUrl, string endpoint, CancellationToken cancellationToken)
        where T : class
    {
        var uri = PatroniUris.For(apiUrl, endpoint);
        string body;
        int status;
        try
        {
            using var response = await httpClient.GetAsync(uri, cancellationToken);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation that the caller did not ask for.
            return new PatroniResponse<T>(PatroniCallOutcome.TimedOut, null, null, $"no answer from {uri} in time");
        }
        catch (HttpRequestException ex)
        {
            var outcome = Classify(ex);
            logger.LogDebug(ex, "Patroni at {PatroniUrl} did not answer ({Outcome})", uri, outcome);
            return new PatroniResponse<T>(outcome, null, null, ex.Message);
        }

        try
        {
            return new(PatroniCallOutcome.Answered, status, PatroniJson.Parse<T>(body), null);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Patroni at {PatroniUrl} answered {StatusCode} with a body that is not the expected JSON: {Error}", uri, status, ex.Message);
            return new(PatroniCallOutcome.Answered, status, null, "unexpected body: " + ex.Message);
        }
    }

    private static PatroniCallOutcome Classify(HttpRequestException ex)
    {
        if (ex.InnerException is TimeoutException or OperationCanceledException)
        {
            // SocketsHttpHandler.ConnectTimeout expired.
            return PatroniCallOutcome.TimedOut;
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError when ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut } => PatroniCallOutcome.TimedOut,
            HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded => PatroniCallOutcome.Refused,
            _ => PatroniCallOutcome.Failed,
        };
    }
}
