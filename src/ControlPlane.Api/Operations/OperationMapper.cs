using ControlPlane.Domain;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Operations;

public static class OperationMapper
{
    public static string Location(Guid operationId) => $"/v1/operations/{operationId}";

    public static OperationResponse ToResponse(this Operation operation) => new(
        operation.Id,
        operation.InstanceId,
        EnumWords.Word(operation.Type),
        EnumWords.Word(operation.Status),
        operation.Generation,
        operation.TargetMember,
        operation.IsActive ? null : Problem(operation),
        operation.CreatedAt,
        operation.StartedAt,
        operation.CompletedAt,
        operation.Deadline,
        operation.IsActive ? Problem(operation) : null);

    private static ProblemDetails? Problem(Operation operation) => operation.ErrorTitle is null ? null : new ProblemDetails
    {
        Type = "about:blank",
        Title = operation.ErrorTitle,
        Detail = operation.ErrorDetail,
        Status = 422,
    };
}
