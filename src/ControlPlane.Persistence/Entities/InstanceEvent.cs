namespace ControlPlane.Persistence.Entities;

/// <summary>
/// A lifecycle, health, failover or switchover event the customer portal shows. <see cref="DedupeKey"/> is unique,
/// so a failover reported twice (redelivery, two sources) is recorded once per (instance, new timeline).
/// </summary>
public sealed class InstanceEvent
{
    public long Id { get; private set; }

    public Guid InstanceId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Type { get; private set; } = "";

    public string Message { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public string? DedupeKey { get; private set; }

    public LeaderChangeDetails? LeaderChange { get; private set; }

    private InstanceEvent()
    {
    }

    public static InstanceEvent Create(Guid instanceId, Guid organizationId, string type, string message, DateTimeOffset occurredAt, DateTimeOffset now, string? dedupeKey = null, LeaderChangeDetails? leaderChange = null) =>
        new()
        {
            InstanceId = instanceId,
            OrganizationId = organizationId,
            Type = type,
            Message = message,
            OccurredAt = occurredAt,
            RecordedAt = now,
            DedupeKey = dedupeKey,
            LeaderChange = leaderChange,
        };
}
