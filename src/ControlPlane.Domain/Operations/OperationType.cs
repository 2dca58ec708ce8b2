namespace ControlPlane.Domain.Operations;

public enum OperationType
{
    Create,
    Update,
    Delete,
    Switchover,
    RotateCredentials,
    Backup,
}
