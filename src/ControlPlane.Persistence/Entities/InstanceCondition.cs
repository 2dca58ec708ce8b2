namespace ControlPlane.Persistence.Entities;

/// <summary>A Kubernetes-style condition: Ready, Writable, Replicating, SynchronouslyDurable.</summary>
public sealed record InstanceCondition(string Type, string Status, string Reason, string Message, DateTimeOffset LastTransitionTime);
