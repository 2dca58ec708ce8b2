namespace ControlPlane.Contracts.Events;

/// <summary>One member as last observed. <see cref="Role"/> is already mapped by <see cref="MemberRoles"/>.</summary>
public sealed record MemberHealth(
    string Name,
    string Host,
    int Port,
    MemberRole Role,
    string State,
    long? LagBytes,
    int? Timeline,
    bool Synchronous);
