namespace ControlPlane.Api.Instances;

/// <param name="Status">True, False or Unknown, as in Kubernetes.</param>
public sealed record ConditionResponse(string Type, string Status, string Reason, string Message, DateTimeOffset LastTransitionTime);
