using ControlPlane.Domain.Instances;

namespace ControlPlane.Instances;

/// <summary>
/// Why a change was refused, with nothing written. The API turns each into problem details in one place; the messages
/// a refusal carries are the domain's, anything about the protocol (statuses, headers, links) is the API's.
/// </summary>
public abstract record Refusal : ChangeOutcome
{
    private Refusal()
    {
    }

    /// <summary>The instance, or the organisation a support key named, does not exist or is not the caller's to see.</summary>
    public sealed record NotFound(string What) : Refusal;

    /// <summary>Another operation still runs on the instance; one at a time.</summary>
    public sealed record Blocked(BlockingOperation Operation) : Refusal;

    /// <summary>The instance's state does not allow the change; <paramref name="Blocking"/> names the operation behind that state, if one runs.</summary>
    public sealed record Conflict(string Reason, BlockingOperation? Blocking = null) : Refusal;

    public sealed record NameTaken(string Name) : Refusal;

    /// <summary>The change would take the organisation past a quota.</summary>
    /// <param name="Unit">How the quota is counted, for the message ("instances", "GB of volume (storage × members)").</param>
    public sealed record QuotaExceeded(string Quota, long Limit, long Current, long Requested, string Unit) : Refusal;

    /// <summary>A change of the spec must say which version of it the caller read.</summary>
    public sealed record PreconditionRequired : Refusal;

    /// <summary>The caller read an older version; <paramref name="CurrentVersion"/> is the one to read again.</summary>
    public sealed record PreconditionFailed(string CurrentVersion) : Refusal;

    /// <summary>The request contradicts itself whatever is offered: malformed. Each error names its field.</summary>
    public sealed record Invalid(IReadOnlyList<DomainError> Errors) : Refusal;

    /// <summary>A well-formed request that breaks a rule of the catalogue or of changing this instance.</summary>
    public sealed record BreaksRule(IReadOnlyList<DomainError> Errors) : Refusal;

    /// <summary>A well-formed request that cannot be carried out as sent, naming the field when there is one.</summary>
    public sealed record Unprocessable(string Detail, string? Field = null) : Refusal;

    /// <summary>Support staff act across organisations, so a create must name one.</summary>
    public sealed record OrganizationRequired : Refusal;

    public sealed record IdempotencyKeyInvalid(int MaxLength) : Refusal;

    /// <summary>The idempotency key was used with a different request.</summary>
    public sealed record IdempotencyKeyReused : Refusal;
}
