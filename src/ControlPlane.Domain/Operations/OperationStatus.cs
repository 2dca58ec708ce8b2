namespace ControlPlane.Domain.Operations;

public enum OperationStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
