using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>One change in the store's history, kept so that watches can resume from a resourceVersion.</summary>
public sealed record WatchEventRecord(long ResourceVersion, string Type, ResourceKind Kind, string? Namespace, JsonObject Object);
