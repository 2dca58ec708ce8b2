namespace ControlPlane.Provisioning.Local.Patroni;

/// <summary>Status and plain-text body of an unsafe Patroni call (its bodies carry the human-readable reason).</summary>
public sealed record PatroniResponse(int StatusCode, string Body)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
