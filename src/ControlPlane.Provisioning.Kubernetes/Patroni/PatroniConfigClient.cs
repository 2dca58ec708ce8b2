using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Kubernetes.Patroni;

/// <summary>
/// Patroni's dynamic configuration (GET/PATCH /config on any member; it lives in the DCS). Bootstrap settings in the
/// StatefulSet apply only when a cluster is first initialised, so later changes of the synchronous mode go through here.
/// </summary>
public sealed class PatroniConfigClient(HttpClient http)
{
    public async Task<JsonObject> GetAsync(Uri api, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<JsonObject>(new Uri(api, "config"), cancellationToken)
        ?? throw new HttpRequestException("Patroni returned an empty configuration");

    public async Task PatchAsync(Uri api, JsonObject changes, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(api, "config")) { Content = JsonContent.Create(changes) };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.PatroniApiUsername}:{credentials.PatroniApiPassword}")));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
