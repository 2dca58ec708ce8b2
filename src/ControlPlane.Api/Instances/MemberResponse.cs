namespace ControlPlane.Api.Instances;

/// <param name="Role">primary or replica.</param>
public sealed record MemberResponse(string Name, string Host, int Port, string Role, string State, long? LagBytes, int? Timeline, bool Synchronous);
