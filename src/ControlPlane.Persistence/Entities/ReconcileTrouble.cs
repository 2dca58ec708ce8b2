namespace ControlPlane.Persistence.Entities;

/// <summary>
/// Why the worker's passes over an instance keep failing, as it last reported (secrets already scrubbed by the worker).
/// <see cref="StatusReasonBefore"/> is what the status reason said before it became "Retrying since …", so that it
/// can say it again once the passes succeed.
/// </summary>
public sealed record ReconcileTrouble(string Reason, string Message, DateTimeOffset Since, int Failures, string StatusReasonBefore)
{
    public string RetryingReason => $"Retrying since {Since:HH:mm} UTC: {Message}";
}
