using ControlPlane.Domain.Backups;

namespace ControlPlane.Persistence.Entities;

/// <summary>
/// One backup of an instance as the control plane records it: written running when the request is accepted (its kind
/// is what the worker's view shows the owner), then completed or failed from the worker's report. <see cref="EngineId"/>
/// is the engine's own name for it (pgBackRest's label), set once it exists.
/// </summary>
public sealed class Backup
{
    public Guid Id { get; private set; }

    public Guid InstanceId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid? OperationId { get; private set; }

    public BackupKind Kind { get; private set; }

    public BackupStatus Status { get; private set; }

    public string? Engine { get; private set; }

    public string? EngineId { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? WalStart { get; private set; }

    public string? WalStop { get; private set; }

    public string? LsnStart { get; private set; }

    public string? LsnStop { get; private set; }

    public long? SizeBytes { get; private set; }

    public long? RepositorySizeBytes { get; private set; }

    public string? Error { get; private set; }

    private Backup()
    {
    }

    public bool IsRunning => Status == BackupStatus.Running;

    public static Backup Request(Guid instanceId, Guid organizationId, Guid? operationId, BackupKind kind, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = instanceId,
            OrganizationId = organizationId,
            OperationId = operationId,
            Kind = kind,
            Status = BackupStatus.Running,
            RequestedAt = now,
        };

    /// <summary>Records what the engine reports; false when it was recorded as finished already (and keeps that record).</summary>
    public bool Complete(BackupOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!IsRunning)
        {
            return false;
        }

        Status = outcome.WithErrors ? BackupStatus.CompletedWithErrors : BackupStatus.Completed;
        Kind = outcome.Kind;
        Engine = outcome.Engine;
        EngineId = outcome.EngineId;
        StartedAt = outcome.StartedAt;
        FinishedAt = outcome.FinishedAt ?? now;
        WalStart = outcome.WalStart;
        WalStop = outcome.WalStop;
        LsnStart = outcome.LsnStart;
        LsnStop = outcome.LsnStop;
        SizeBytes = outcome.SizeBytes;
        RepositorySizeBytes = outcome.RepositorySizeBytes;
        Error = outcome.Error;
        return true;
    }

    /// <summary>False when it was recorded as finished already.</summary>
    public bool Fail(string error, DateTimeOffset startedAt, DateTimeOffset now)
    {
        if (!IsRunning)
        {
            return false;
        }

        Status = BackupStatus.Failed;
        StartedAt ??= startedAt;
        FinishedAt = now;
        Error = error;
        return true;
    }
}
