using Microsoft.Kiota.Abstractions.Authentication;

namespace ControlPlane.Client.Tests;

/// <summary>An API key is a bearer token that does not expire: what a user's automation hands the generated client.</summary>
public sealed class StaticKey(string key) : IAccessTokenProvider
{
    /// <summary>Any host: the test API listens on a loopback port chosen at start.</summary>
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(key);
}
