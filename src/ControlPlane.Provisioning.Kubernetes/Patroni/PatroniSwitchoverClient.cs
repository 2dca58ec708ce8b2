using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Kubernetes.Patroni;

/// <summary>
/// POST /switchover on the current leader's Patroni REST API. 412 (precondition: wrong leader, candidate not a sync
/// standby...) and 503 (Patroni could not do it now) are Patroni's refusals and carry its reason; a refused or timed
/// out connection is transient.
/// </summary>
public sealed class PatroniSwitchoverClient(HttpClient http)
{
    public const string HttpClientName = "controlplane-patroni";

    public async Task<SwitchoverOutcome> SwitchoverAsync(
        Uri leaderApi, string leader, string? candidate, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["leader"] = leader };
        if (candidate is not null)
        {
            body["candidate"] = candidate;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(leaderApi, "switchover"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.PatroniApiUsername}:{credentials.PatroniApiPassword}")));

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.Accepted => new SwitchoverOutcome(true, text),
                HttpStatusCode.PreconditionFailed or HttpStatusCode.ServiceUnavailable => new SwitchoverOutcome(false, text),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    new SwitchoverOutcome(false, "Patroni rejected the control plane's REST API credentials"),
                >= HttpStatusCode.InternalServerError => new SwitchoverOutcome(false, $"Patroni answered {(int)response.StatusCode}: {text}", Transient: true),
                _ => new SwitchoverOutcome(false, $"Patroni answered {(int)response.StatusCode}: {text}"),
            };
        }
        catch (HttpRequestException e)
        {
            return new SwitchoverOutcome(false, $"could not reach Patroni on {leader}: {e.Message}", Transient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SwitchoverOutcome(false, $"Patroni on {leader} did not answer in time", Transient: true);
        }
    }
}
