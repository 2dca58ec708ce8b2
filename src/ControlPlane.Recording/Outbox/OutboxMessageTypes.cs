using ControlPlane.Contracts.Commands;

namespace ControlPlane.Recording.Outbox;

/// <summary>The commands the outbox may carry, by full type name; an unknown name is a bug, not data to guess at.</summary>
public sealed class OutboxMessageTypes
{
    private readonly Dictionary<string, Type> _types = new[] { typeof(ReconcileInstance), typeof(RequestSwitchover), typeof(RequestBackup) }
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    public Type Resolve(string name) =>
        _types.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"Unknown outbox message type '{name}'.");
}
