namespace ControlPlane.Persistence.Entities;

public sealed record ObservedMember(string Name, string Host, int Port, string Role, string State, long? LagBytes, int? Timeline, bool Synchronous);
