using ControlPlane.Api.Instances;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Operations;

public static class OperationMapper
{
    public static string Location(Guid operationId) => $"/v1/operations/{operationId}";

    public static OperationResponse ToResponse(this Operation operation) => new(
        operation.Id,
        operation.InstanceId,
        EnumValues.Word(operation.Type),
        EnumValues.Word(operation.Status),
        operation.Generation,
        operation.TargetMember,
        operation.ErrorTitle is null ? null : new ProblemDetails
        {
            Type = "about:blank",
            Title = operation.ErrorTitle,
            Detail = operation.ErrorDetail,
            Status = 422,
        },
        operation.CreatedAt,
        operation.StartedAt,
        operation.CompletedAt,
        operation.Deadline);
}
