namespace ControlPlane.Contracts.Events;

/// <summary>v1. The instance matches generation <see cref="ObservedGeneration"/> and serves on <see cref="Endpoints"/>.</summary>
public sealed record InstanceReady(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    InstanceEndpoints Endpoints,
    string? PrimaryMember) : IInstanceEvent;
