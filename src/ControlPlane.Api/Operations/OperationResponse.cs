using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Operations;

/// <param name="Type">create, update, delete, switchover, rotatecredentials.</param>
/// <param name="Status">pending, running, succeeded, failed.</param>
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
    DateTimeOffset Deadline);
