using ControlPlane.Domain;
using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>One row of the worker_desired_instances view, before its credentials are decrypted.</summary>
public sealed record DesiredInstanceRow(
    Guid InstanceId,
    Guid OrganizationId,
    string Name,
    string Region,
    long Generation,
    string Status,
    string Plan,
    decimal PlanVCpu,
    int PlanMemoryMb,
    int PostgresVersion,
    int StorageGb,
    bool HaEnabled,
    int Replicas,
    string ReplicationMode,
    string DataDurability,
    string CredentialsProtected)
{
    /// <summary>The view's switchover columns: the newest pending or running switchover operation, if any.</summary>
    public PendingSwitchover? Switchover { get; init; }

    /// <summary>The view's backup columns: the newest pending or running backup operation, if any.</summary>
    public PendingBackup? Backup { get; init; }

    /// <summary>The view's source columns: the instance this one is restored from, and to what time.</summary>
    public Backups.RestoreSource? Source { get; init; }

    /// <summary>The primary the control plane last recorded for the instance, and when its health was last reported.</summary>
    public Health.LeaderSighting? RecordedLeader { get; init; }

    public DesiredInstance ToDesired(InstanceCredentials credentials)
    {
        var ha = new HighAvailabilitySpec(HaEnabled, Replicas, EnumWords.Parse<ReplicationMode>(ReplicationMode), EnumWords.Parse<DataDurability>(DataDurability));
        return new DesiredInstance(
            InstanceId,
            OrganizationId,
            Name,
            Region,
            Generation,
            new InstanceSpec(Plan, PostgresVersion, StorageGb, ha),
            new PlanResources(Plan, PlanVCpu, PlanMemoryMb),
            credentials,
            DesiredInstanceStatuses.IsDeleted(Status))
        {
            Switchover = Switchover,
            Backup = Backup,
            Source = Source,
            RecordedLeader = RecordedLeader,
        };
    }

    public override string ToString() => $"{Name} ({InstanceId}, generation {Generation}, {Status})";
}
