namespace ControlPlane.Domain.Instances;

/// <summary>A rule the request broke. <see cref="Field"/> is the JSON path of the offending field, when there is one.</summary>
public sealed record DomainError(string Code, string Message, string? Field = null);
