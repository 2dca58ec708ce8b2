using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// Reads Patroni's REST API (typed HttpClient; timeouts come from <see cref="PatroniClientOptions"/>). Never throws
/// for a member that is down: the outcome says whether it answered, refused or timed out. Only the caller's own
/// cancellation propagates. Switchovers are the drivers' business; this client only reads.
/// </summary>
public sealed class PatroniClient(HttpClient httpClient, ILogger<PatroniClient> logger)
{
    public Task<PatroniResponse<PatroniCluster>> GetClusterAsync(Uri apiUrl, CancellationToken cancellationToken = default) =>
        GetAsync<PatroniCluster>(apiUrl, "cluster", cancellationToken);

    public Task<PatroniResponse<PatroniMemberStatus>> GetMemberStatusAsync(Uri apiUrl, CancellationToken cancellationToken = default) =>
        GetAsync<PatroniMemberStatus>(apiUrl, "patroni", cancellationToken);

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
