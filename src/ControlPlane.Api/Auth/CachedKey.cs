namespace ControlPlane.Api.Auth;

/// <summary>A verified key as the authentication cache keeps it: who it is and when it stops working.</summary>
public sealed record CachedKey(Caller Caller, DateTimeOffset? ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
}
