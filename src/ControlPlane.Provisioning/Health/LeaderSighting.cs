namespace ControlPlane.Provisioning.Health;

/// <summary>
/// The leader a reconcile pass saw serving when it found the instance ready, and when. The detector starts from it, so
/// a failover that begins before the first health poll is still compared against a known leader.
/// </summary>
public sealed record LeaderSighting(string Member, DateTimeOffset SeenAt);
