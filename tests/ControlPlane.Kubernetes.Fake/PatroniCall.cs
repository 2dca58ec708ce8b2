using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// One unsafe call to the fake Patroni: on which member, with which body, answered how, and how many Kubernetes API
/// requests the double had seen by then (to order Patroni calls against pod deletions).
/// </summary>
public sealed record PatroniCall(string Method, string Path, string Member, JsonObject? Body, int Status, int KubernetesRequestsBefore);
