namespace ControlPlane.Recording.Outbox;

/// <summary>
/// This process as the sender of outbox announcements: the payload of its NOTIFYs, so its own listener can skip them
/// (the commit already woke the local dispatcher, without a round trip).
/// </summary>
public sealed record OutboxOrigin(string Id)
{
    /// <summary>The channel committed outbox rows are announced on.</summary>
    public const string Channel = "controlplane_outbox";

    public static OutboxOrigin New() => new(Guid.NewGuid().ToString("N"));

    public bool IsOwn(string payload) => string.Equals(payload, Id, StringComparison.Ordinal);
}
