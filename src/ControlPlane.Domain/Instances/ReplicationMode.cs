namespace ControlPlane.Domain.Instances;

public enum ReplicationMode
{
    Synchronous,
    Asynchronous,
}
