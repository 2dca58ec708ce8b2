namespace ControlPlane.Persistence.Entities;

/// <summary>Who did what, when, to what. Written in the same transaction as the change it records.</summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? ActorKeyId { get; private set; }

    public string ActorRole { get; private set; } = "";

    /// <summary>The acting key's name as it was then (for a support key, the person); "bootstrap" for the configured key.</summary>
    public string ActorName { get; private set; } = "";

    public Guid? OrganizationId { get; private set; }

    public Guid? InstanceId { get; private set; }

    public string Action { get; private set; } = "";

    public string Detail { get; private set; } = "";

    private AuditEntry()
    {
    }

    public static AuditEntry Create(DateTimeOffset at, Guid? actorKeyId, string actorRole, string actorName, Guid? organizationId, Guid? instanceId, string action, string detail) =>
        new()
        {
            At = at,
            ActorKeyId = actorKeyId,
            ActorRole = actorRole,
            ActorName = actorName,
            OrganizationId = organizationId,
            InstanceId = instanceId,
            Action = action,
            Detail = detail,
        };
}
