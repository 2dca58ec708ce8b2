namespace ControlPlane.Api.Instances;

/// <param name="Type">Ready, Writable, Replicating, SynchronouslyDurable, Reconciled (False while the worker's passes keep
/// failing: the reason is a code such as ReconcileFailing or CredentialsUnreadable, the message the last error).</param>
/// <param name="Status">True, False or Unknown, as in Kubernetes.</param>
public sealed record ConditionResponse(string Type, string Status, string Reason, string Message, DateTimeOffset LastTransitionTime);
