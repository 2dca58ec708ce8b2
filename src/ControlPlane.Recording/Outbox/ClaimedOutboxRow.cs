namespace ControlPlane.Recording.Outbox;

/// <summary>An unsent outbox row as a dispatch round claimed it.</summary>
public sealed record ClaimedOutboxRow(Guid Id, string MessageType, string Destination, string Body, string? TraceParent, DateTimeOffset CreatedAt);
