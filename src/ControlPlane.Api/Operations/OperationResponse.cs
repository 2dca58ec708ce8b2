using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Operations;

/// <param name="Type">create, update, delete, switchover, rotatecredentials.</param>
/// <param name="Status">pending, running, succeeded, failed.</param>
/// <param name="Error">Why the operation failed; null unless it did.</param>
/// <param name="LastError">While the operation is pending or running: the last error the worker retries after
/// (title is the reason code, e.g. ReconcileFailing); null when its passes succeed.</param>
public sealed record OperationResponse(
    Guid Id,
    Guid InstanceId,
    string Type,
    string Status,
    long Generation,
    string? TargetMember,
    ProblemDetails? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset Deadline,
    ProblemDetails? LastError = null);
