namespace ControlPlane.Persistence.Outbox;

/// <summary>
/// A command waiting to go onto the bus, written in the same transaction as the change that caused it.
/// Its id becomes the bus message id, so consumers can deduplicate redeliveries.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; private set; }

    public string MessageType { get; private set; } = "";

    /// <summary>The queue the command is sent to (the region's worker queue).</summary>
    public string Destination { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>W3C traceparent of the request that wrote the row, so the trace follows it onto the bus.</summary>
    public string? TraceParent { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    private OutboxMessage()
    {
    }

    public static OutboxMessage Create(string messageType, string destination, string body, string? traceParent, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            MessageType = messageType,
            Destination = destination,
            Body = body,
            TraceParent = traceParent,
            CreatedAt = now,
        };
}
