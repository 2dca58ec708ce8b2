using ControlPlane.Domain.Backups;

namespace ControlPlane.Persistence.Entities;

/// <summary>A finished backup as the worker reported it; <see cref="WithErrors"/> when the engine found damage while copying.</summary>
public sealed record BackupOutcome(
    string Engine,
    string EngineId,
    BackupKind Kind,
    bool WithErrors,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? WalStart,
    string? WalStop,
    string? LsnStart,
    string? LsnStop,
    long? SizeBytes,
    long? RepositorySizeBytes,
    string? Error);
