namespace ControlPlane.Contracts.Events;

public enum MemberRole
{
    Unknown = 0,
    Primary,
    Replica,
}
