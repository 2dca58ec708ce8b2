namespace ControlPlane.Persistence.Entities;

/// <summary>Consumers deduplicate by message id: a redelivered event is recognised and skipped.</summary>
public sealed class ProcessedMessage
{
    public Guid MessageId { get; init; }

    public string Consumer { get; init; } = "";

    public DateTimeOffset ProcessedAt { get; init; }
}
