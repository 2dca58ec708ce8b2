using ControlPlane.Persistence.Entities;

namespace ControlPlane.Api.Organizations;

/// <summary>What <see cref="ApiKeyIssuer"/> did: a closed set the endpoints map to typed results.</summary>
public abstract record KeyOutcome
{
    private KeyOutcome()
    {
    }

    public sealed record Issued(ApiKey Key, string Secret) : KeyOutcome;

    public sealed record Revoked : KeyOutcome;

    public sealed record NotFound(string What) : KeyOutcome;

    /// <summary>The organisation already holds the most active keys allowed.</summary>
    public sealed record LimitReached(int Max) : KeyOutcome;

    public sealed record ExpiryNotInFuture : KeyOutcome;
}
