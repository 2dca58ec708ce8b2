using ControlPlane.Domain.Operations;

namespace ControlPlane.Persistence.Entities;

/// <summary>One accepted request that the worker carries out; fails on its own once past <see cref="Deadline"/>.</summary>
public sealed class Operation
{
    public Guid Id { get; private set; }

    public Guid InstanceId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public OperationType Type { get; private set; }

    public OperationStatus Status { get; private set; }

    public long Generation { get; private set; }

    public string? TargetMember { get; private set; }

    /// <summary>
    /// For a switchover, the leader when it was requested (from the last health report). The worker names it to Patroni,
    /// which then refuses a repeated request once that member no longer leads.
    /// </summary>
    public string? FromMember { get; private set; }

    /// <summary>Why it failed; while it is still active, the last error the worker is retrying after (null when none).</summary>
    public string? ErrorTitle { get; private set; }

    public string? ErrorDetail { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset Deadline { get; private set; }

    public uint Version { get; private set; }

    private Operation()
    {
    }

    public bool IsActive => Status is OperationStatus.Pending or OperationStatus.Running;

    public static Operation Create(
        Guid instanceId, Guid organizationId, OperationType type, long generation, DateTimeOffset now, TimeSpan timeout, string? targetMember = null, string? fromMember = null) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = instanceId,
            OrganizationId = organizationId,
            Type = type,
            Status = OperationStatus.Pending,
            Generation = generation,
            TargetMember = targetMember,
            FromMember = fromMember,
            CreatedAt = now,
            Deadline = now + timeout,
        };

    public void Start(DateTimeOffset now)
    {
        if (Status == OperationStatus.Pending)
        {
            Status = OperationStatus.Running;
            StartedAt = now;
        }
    }

    public void Succeed(DateTimeOffset now)
    {
        if (IsActive)
        {
            StartedAt ??= now;
            Status = OperationStatus.Succeeded;
            CompletedAt = now;
            ErrorTitle = null;
            ErrorDetail = null;
        }
    }

    public void Fail(string title, string detail, DateTimeOffset now)
    {
        if (IsActive)
        {
            StartedAt ??= now;
            Status = OperationStatus.Failed;
            ErrorTitle = title;
            ErrorDetail = detail;
            CompletedAt = now;
        }
    }

    /// <summary>The worker keeps failing at this operation and retries; it stays active, carrying the last error.</summary>
    public void RecordLastError(string title, string detail, DateTimeOffset now)
    {
        if (IsActive)
        {
            Start(now);
            ErrorTitle = title;
            ErrorDetail = detail;
        }
    }

    /// <summary>The worker's passes succeed again: the active operation no longer carries an error.</summary>
    public void ClearLastError()
    {
        if (IsActive)
        {
            ErrorTitle = null;
            ErrorDetail = null;
        }
    }

    /// <summary>Superseded by a newer accepted change (e.g. a delete) before the worker finished it.</summary>
    public void Supersede(Guid byOperationId, DateTimeOffset now) =>
        Fail("Superseded", $"Operation {byOperationId} replaced this one before it completed.", now);
}
