namespace ControlPlane.Bench;

/// <summary>One command as the bench's consumer saw it: when it was requested (the API's clock) and when it arrived.</summary>
public sealed record HandOff(DateTimeOffset RequestedAt, DateTimeOffset ReceivedAt)
{
    public double LatencyMs => (ReceivedAt - RequestedAt).TotalMilliseconds;
}
