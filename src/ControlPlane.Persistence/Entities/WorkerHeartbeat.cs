namespace ControlPlane.Persistence.Entities;

/// <summary>A live worker of a region: shards are spread over the workers whose heartbeat is recent.</summary>
public sealed class WorkerHeartbeat
{
    public string WorkerId { get; init; } = "";

    public string Region { get; init; } = "";

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset HeartbeatAt { get; init; }
}
