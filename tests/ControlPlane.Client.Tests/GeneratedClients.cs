using ControlPlane.Api.Testing.Contract;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace ControlPlane.Client.Tests;

/// <summary>
/// The generated client set up as its documentation tells a user to: Kiota's default middleware over a plain
/// HttpClient, an API key as the bearer token. Innermost, each response is checked against the document.
/// </summary>
public static class GeneratedClients
{
    public static ControlPlaneClient For(LoopbackApiFixture api, string key)
    {
        var handlers = KiotaClientFactory.CreateDefaultHandlers();
        handlers.Add(new ContractValidatingHandler(nameof(GeneratedClients)));
        var http = new HttpClient(KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(new SocketsHttpHandler(), [.. handlers])!);
        var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new StaticKey(key)), httpClient: http)
        {
            BaseUrl = api.BaseAddress.ToString().TrimEnd('/'),
        };
        return new ControlPlaneClient(adapter);
    }
}
