using ControlPlane.Domain.Operations;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Instances;

/// <summary>The operation a refused change waits for.</summary>
public sealed record BlockingOperation(Guid Id, OperationType Type, OperationStatus Status)
{
    public static BlockingOperation Of(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new(operation.Id, operation.Type, operation.Status);
    }
}
