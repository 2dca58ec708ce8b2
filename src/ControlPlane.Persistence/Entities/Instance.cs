using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Plans;

namespace ControlPlane.Persistence.Entities;

/// <summary>
/// One customer instance: the desired spec (bumping <see cref="Generation"/> on every accepted change), what the worker
/// last reported (<see cref="ObservedGeneration"/>, endpoints, health) and the lifecycle status. Every change of status
/// is checked against the domain's lifecycle table (<see cref="InstanceLifecycle.Begin"/> for requests,
/// <see cref="InstanceLifecycle.Move"/> for reports): one the table does not allow throws before anything changes.
/// Health never moves the lifecycle status: a failover leaves an available instance available. Every method that
/// changes status, health or the worker's trouble recomputes the conditions, so they never contradict the status
/// beside them.
/// </summary>
public sealed class Instance
{
    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; } = "";

    public string Region { get; private set; } = "";

    public string Plan { get; private set; } = "";

    public decimal PlanVCpu { get; private set; }

    public int PlanMemoryMb { get; private set; }

    public int PostgresVersion { get; private set; }

    public int StorageGb { get; private set; }

    public bool HaEnabled { get; private set; }

    public int Replicas { get; private set; }

    public ReplicationMode ReplicationMode { get; private set; }

    public DataDurability DataDurability { get; private set; }

    public long Generation { get; private set; }

    public long ObservedGeneration { get; private set; }

    public InstanceStatus Status { get; private set; }

    public string StatusReason { get; private set; } = "";

    public string Health { get; private set; } = "unknown";

    public string HealthReason { get; private set; } = "";

    public InstanceObservedState Observed { get; private set; } = new();

    public string CredentialsProtected { get; private set; } = "";

    public int CredentialsVersion { get; private set; }

    /// <summary>
    /// While a rotation is not yet confirmed by the worker: the credentials that still log in, which GET /connection
    /// serves until then (<see cref="CredentialsProtected"/> is what the worker applies). Null when none is pending.
    /// </summary>
    public string? PreviousCredentialsProtected { get; private set; }

    /// <summary>The generation whose ready report confirms the pending rotation: the driver has set the password by then.</summary>
    public long? CredentialsRotationGeneration { get; private set; }

    public long LastLifecycleSequence { get; private set; }

    public long LastHealthSequence { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>The instance whose backups and archived WAL this one was restored from; null for an empty new instance.</summary>
    public Guid? SourceInstanceId { get; private set; }

    /// <summary>The time the restore replayed to; null with a source means the newest archived WAL.</summary>
    public DateTimeOffset? SourcePointInTime { get; private set; }

    public InstanceSource? Source => SourceInstanceId is { } sourceId ? new InstanceSource(sourceId, SourcePointInTime) : null;

    /// <summary>PostgreSQL's xmin, for optimistic concurrency between API requests and event consumers.</summary>
    public uint Version { get; private set; }

    private Instance()
    {
    }

    public InstanceSpec Spec => new(Plan, PostgresVersion, StorageGb,
        new HighAvailabilitySpec(HaEnabled, Replicas, ReplicationMode, DataDurability));

    /// <param name="source">Where its data comes from: another instance's backups, replayed to a time or to their end.</param>
    public static Instance Create(
        Guid organizationId, string name, string region, InstanceSpec spec, Plan plan, string credentialsProtected, DateTimeOffset now,
        InstanceSource? source = null)
    {
        var instance = new Instance
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organizationId,
            Name = name,
            Region = region,
            Status = InstanceStatus.Provisioning,
            StatusReason = "Provisioning was requested.",
            CredentialsProtected = credentialsProtected,
            CredentialsVersion = 1,
            CreatedAt = now,
            SourceInstanceId = source?.InstanceId,
            SourcePointInTime = source?.PointInTime,
        };
        instance.ApplySpec(spec, plan, now);
        instance.RefreshConditions(now);
        return instance;
    }

    public void BeginUpdate(InstanceSpec spec, Plan plan, DateTimeOffset now)
    {
        Status = InstanceLifecycle.Begin(Status, InstanceStatus.Updating);
        ApplySpec(spec, plan, now);
        StatusReason = "A change was requested.";
        RefreshConditions(now);
    }

    /// <summary>The credentials a client should use now: the previous ones until the worker confirms a rotation.</summary>
    public string WorkingCredentialsProtected() => PreviousCredentialsProtected ?? CredentialsProtected;

    public void BeginCredentialRotation(string credentialsProtected, DateTimeOffset now)
    {
        Status = InstanceLifecycle.Begin(Status, InstanceStatus.Updating);
        // A rotation that was never confirmed (its operation failed) may not have reached PostgreSQL: the last
        // confirmed credentials stay the ones served until a newer rotation is.
        PreviousCredentialsProtected ??= CredentialsProtected;
        CredentialsProtected = credentialsProtected;
        CredentialsVersion++;
        Generation++;
        CredentialsRotationGeneration = Generation;
        UpdatedAt = now;
        StatusReason = "New credentials were requested.";
        RefreshConditions(now);
    }

    /// <summary>
    /// A switchover changes no spec, but writing the row makes racing requests conflict on xmin, so that of two
    /// switchovers (or a switchover and another change) accepted at once only one commits.
    /// </summary>
    public void NoteSwitchoverRequested(DateTimeOffset now) => UpdatedAt = now;

    public void BeginDelete(DateTimeOffset now)
    {
        Status = InstanceLifecycle.Begin(Status, InstanceStatus.Deleting);
        Generation++;
        UpdatedAt = now;
        StatusReason = "Deletion was requested.";
        RefreshConditions(now);
    }

    public void MarkReady(long observedGeneration, InstanceObservedState observed, DateTimeOffset now)
    {
        var next = InstanceLifecycle.Move(Status, InstanceLifecycle.OnReady(Status, observedGeneration, Generation));
        ObservedGeneration = Math.Max(ObservedGeneration, observedGeneration);
        Observed = observed;
        if (CredentialsRotationGeneration <= observedGeneration)
        {
            PreviousCredentialsProtected = null;
            CredentialsRotationGeneration = null;
        }

        if (next != Status)
        {
            Status = next;
            StatusReason = "The instance is running and matches its newest spec.";
        }

        UpdatedAt = now;
        RefreshConditions(now);
    }

    public void MarkFailed(long observedGeneration, string reason, DateTimeOffset now)
    {
        if (observedGeneration < Generation && Status is InstanceStatus.Updating or InstanceStatus.Provisioning)
        {
            // A failure of an older spec says nothing about the newest one, which is still being worked on.
            return;
        }

        Status = InstanceLifecycle.Move(Status, InstanceLifecycle.OnFailed(Status));
        StatusReason = reason;
        UpdatedAt = now;
        RefreshConditions(now);
    }

    public void MarkDeleted(DateTimeOffset now)
    {
        Status = InstanceLifecycle.Move(Status, InstanceLifecycle.OnDeleted(Status));
        StatusReason = "The instance and everything it ran on were removed.";
        DeletedAt ??= now;
        Health = "unknown";
        HealthReason = "Deleted.";
        UpdatedAt = now;
        Observed = Observed.Copy();
        Observed.Reconcile = null;
        RefreshConditions(now);
    }

    public void ObserveProgress(long observedGeneration, string message, DateTimeOffset now)
    {
        if (Status is InstanceStatus.Provisioning or InstanceStatus.Updating or InstanceStatus.Deleting && observedGeneration >= Generation)
        {
            StatusReason = message;
            UpdatedAt = now;
            RefreshConditions(now);
        }
    }

    /// <param name="reasonCode">The health reason's code (e.g. FailingOver) for the Writable condition; null keeps the last one.</param>
    public void ReportHealth(string health, string reason, InstanceObservedState observed, DateTimeOffset now, string? reasonCode = null)
    {
        Health = health;
        HealthReason = reason;
        Observed = observed;
        UpdatedAt = now;
        RefreshConditions(now, reasonCode);
    }

    /// <summary>
    /// The worker says its passes keep failing. True when this starts a trouble (there was none), so the caller records
    /// one event for it however many reports follow. The status reason says so while it lasts.
    /// </summary>
    public bool ReportReconcileTrouble(string reason, string message, DateTimeOffset since, int failures, DateTimeOffset now)
    {
        if (Status == InstanceStatus.Deleted)
        {
            return false;
        }

        var previous = Observed.Reconcile;
        var before = previous is not null && StatusReason == previous.RetryingReason ? previous.StatusReasonBefore : StatusReason;
        var trouble = new ReconcileTrouble(reason, message, previous?.Since ?? since, failures, before);
        Observed = Observed.Copy();
        Observed.Reconcile = trouble;
        StatusReason = trouble.RetryingReason;
        UpdatedAt = now;
        RefreshConditions(now);
        return previous is null;
    }

    /// <summary>The worker's passes succeed again. True when there was a trouble to clear.</summary>
    public bool ClearReconcileTrouble(DateTimeOffset now)
    {
        if (Observed.Reconcile is not { } trouble)
        {
            return false;
        }

        if (StatusReason == trouble.RetryingReason)
        {
            StatusReason = trouble.StatusReasonBefore;
        }

        Observed = Observed.Copy();
        Observed.Reconcile = null;
        UpdatedAt = now;
        RefreshConditions(now);
        return true;
    }

    /// <summary>
    /// The worker's archiving report and recovery window. Returns whether archiving changed between working and not
    /// (the first report counts when it is broken), so the caller records one event per change; a report older than
    /// the last one applied changes nothing.
    /// </summary>
    public bool ReportArchiving(ObservedArchiving archiving, ObservedRecoveryWindow? window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(archiving);
        var previous = Observed.Archiving;
        if (Status == InstanceStatus.Deleted || (previous is not null && previous.ReportedAt >= archiving.ReportedAt))
        {
            return false;
        }

        Observed = Observed.Copy();
        Observed.Archiving = archiving;
        Observed.RecoveryWindow = window;
        UpdatedAt = now;
        RefreshConditions(now);
        return previous is null ? !archiving.Healthy : previous.Healthy != archiving.Healthy;
    }

    /// <summary>Events carry a per-instance sequence; only newer ones are applied, per stream.</summary>
    public bool TryAdvanceLifecycleSequence(long sequence)
    {
        if (sequence <= LastLifecycleSequence)
        {
            return false;
        }

        LastLifecycleSequence = sequence;
        return true;
    }

    public bool TryAdvanceHealthSequence(long sequence)
    {
        if (sequence <= LastHealthSequence)
        {
            return false;
        }

        LastHealthSequence = sequence;
        return true;
    }

    private void RefreshConditions(DateTimeOffset now, string? reasonCode = null)
    {
        var code = reasonCode
            ?? Observed.Conditions.FirstOrDefault(c => c is { Type: InstanceConditions.Writable, Status: "False" })?.Reason
            ?? "";
        var observed = Observed.Copy();
        observed.Conditions = InstanceConditions.Compute(this, observed, code, now);
        Observed = observed;
    }

    private void ApplySpec(InstanceSpec spec, Plan plan, DateTimeOffset now)
    {
        Plan = plan.Name;
        PlanVCpu = plan.VCpu;
        PlanMemoryMb = plan.MemoryMb;
        PostgresVersion = spec.PostgresVersion;
        StorageGb = spec.StorageGb;
        HaEnabled = spec.HighAvailability.Enabled;
        Replicas = spec.HighAvailability.Replicas;
        ReplicationMode = spec.HighAvailability.ReplicationMode;
        DataDurability = spec.HighAvailability.DataDurability;
        Generation++;
        UpdatedAt = now;
    }
}
