using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Plans;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Domain.Tests;

public sealed class InstanceConditionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_report_all_true_for_a_healthy_synchronous_instance()
    {
        var instance = Available(Specs.Ha(replicas: 2));
        var observed = Observed(primary: "pg-0", synchronouslyDurable: true, Member("pg-0", "primary"), Member("pg-1", "replica", sync: true), Member("pg-2", "replica"));
        observed.Archiving = new ObservedArchiving(true, "Archiving", "WAL is archived", Start, Start);
        instance.ReportHealth(InstanceHealthStates.Healthy, "", observed, Start);

        var conditions = InstanceConditions.Compute(instance, observed, "", Start);

        Assert.Equal(
            [("Ready", "True"), ("Writable", "True"), ("Replicating", "True"), ("SynchronouslyDurable", "True"), ("Reconciled", "True"), ("Archiving", "True")],
            conditions.Select(c => (c.Type, c.Status)));
    }

    [Fact]
    public void Should_report_archiving_false_with_its_reason_and_unknown_before_the_first_report()
    {
        var instance = Available(Specs.Ha(replicas: 2));
        var observed = Observed("pg-0", true, Member("pg-0", "primary"), Member("pg-1", "replica", sync: true));
        Assert.Equal("Unknown", InstanceConditions.Compute(instance, observed, "", Start).Single(c => c.Type == "Archiving").Status);

        observed.Archiving = new ObservedArchiving(false, "ArchiveCommandFailing", "archive_command is failing", Start, Start);
        var archiving = InstanceConditions.Compute(instance, observed, "", Start).Single(c => c.Type == "Archiving");

        Assert.Equal(("False", "ArchiveCommandFailing", "archive_command is failing"), (archiving.Status, archiving.Reason, archiving.Message));
    }

    [Fact]
    public void Should_report_a_replica_down_without_leaving_available()
    {
        var instance = Available(Specs.Ha(replicas: 2));
        var observed = Observed("pg-0", true, Member("pg-0", "primary"), Member("pg-1", "replica", sync: true), Member("pg-2", "replica", state: "stopped"));
        instance.ReportHealth(InstanceHealthStates.Degraded, "ReplicaDown", observed, Start);

        var replicating = Find(InstanceConditions.Compute(instance, observed, "ReplicaDown", Start), "Replicating");

        Assert.Equal(("False", "ReplicaDown"), (replicating.Status, replicating.Reason));
        Assert.Equal(InstanceStatus.Available, instance.Status);
    }

    [Fact]
    public void Should_report_not_writable_with_the_reason_code_when_unavailable()
    {
        var instance = Available(Specs.Ha());
        var observed = Observed(null, false, Member("pg-1", "replica"));
        instance.ReportHealth(InstanceHealthStates.Unavailable, "no leader", observed, Start);

        var conditions = InstanceConditions.Compute(instance, observed, "FailingOver", Start);

        Assert.Equal(("False", "FailingOver"), (Find(conditions, "Writable").Status, Find(conditions, "Writable").Reason));
        Assert.Equal("False", Find(conditions, "Ready").Status);
    }

    [Fact]
    public void Should_say_durability_is_not_synchronous_for_asynchronous_replication()
    {
        var instance = Available(Specs.Ha(mode: ReplicationMode.Asynchronous));
        var observed = Observed("pg-0", false, Member("pg-0", "primary"), Member("pg-1", "replica"), Member("pg-2", "replica"));
        instance.ReportHealth(InstanceHealthStates.Healthy, "", observed, Start);

        var durable = Find(InstanceConditions.Compute(instance, observed, "", Start), "SynchronouslyDurable");

        Assert.Equal(("False", "AsynchronousReplication"), (durable.Status, durable.Reason));
    }

    [Fact]
    public void Should_say_no_replicas_when_high_availability_is_off()
    {
        var instance = Available(HighAvailabilitySpec.Off);
        var observed = Observed("pg-0", false, Member("pg-0", "primary"));
        instance.ReportHealth(InstanceHealthStates.Healthy, "", observed, Start);

        var conditions = InstanceConditions.Compute(instance, observed, "", Start);

        Assert.Equal("HighAvailabilityDisabled", Find(conditions, "Replicating").Reason);
        Assert.Equal("HighAvailabilityDisabled", Find(conditions, "SynchronouslyDurable").Reason);
        Assert.Equal("True", Find(conditions, "Ready").Status);
    }

    [Fact]
    public void Should_report_unknown_before_any_health_report()
    {
        var instance = Instance.Create(Guid.NewGuid(), "db", "local", Specs.Valid(), Plan(), "", Start);

        var conditions = InstanceConditions.Compute(instance, new InstanceObservedState(), "", Start);

        Assert.Equal(("False", "Provisioning"), (Find(conditions, "Ready").Status, Find(conditions, "Ready").Reason));
        Assert.Equal("Unknown", Find(conditions, "Writable").Status);
        Assert.Equal("Unknown", Find(conditions, "Replicating").Status);
        Assert.Equal("Unknown", Find(conditions, "SynchronouslyDurable").Status);
    }

    [Fact]
    public void Should_move_last_transition_time_only_when_a_status_changes()
    {
        var instance = Available(Specs.Ha(replicas: 1));
        var healthy = Observed("pg-0", true, Member("pg-0", "primary"), Member("pg-1", "replica", sync: true));
        instance.ReportHealth(InstanceHealthStates.Healthy, "", healthy, Start);
        healthy.Conditions = InstanceConditions.Compute(instance, healthy, "", Start);

        var later = Start.AddMinutes(5);
        var lagging = Observed("pg-0", false, Member("pg-0", "primary"), Member("pg-1", "replica", state: "stopped"));
        lagging.Conditions = healthy.Conditions;
        instance.ReportHealth(InstanceHealthStates.Degraded, "ReplicaDown", lagging, later);
        var next = InstanceConditions.Compute(instance, lagging, "ReplicaDown", later);

        Assert.Equal(Start, Find(next, "Writable").LastTransitionTime);
        Assert.Equal(later, Find(next, "Replicating").LastTransitionTime);
        Assert.Equal(later, Find(next, "SynchronouslyDurable").LastTransitionTime);
    }

    private static Plan Plan() => PlanCatalog.Defaults[0];

    private static Instance Available(HighAvailabilitySpec ha)
    {
        var instance = Instance.Create(Guid.NewGuid(), "db", "local", Specs.Valid(ha: ha), Plan(), "", Start);
        instance.MarkReady(instance.Generation, new InstanceObservedState(), Start);
        Assert.Equal(InstanceStatus.Available, instance.Status);
        return instance;
    }

    private static InstanceObservedState Observed(string? primary, bool synchronouslyDurable, params ObservedMember[] members) => new()
    {
        CurrentPrimary = primary,
        SynchronouslyDurable = synchronouslyDurable,
        Members = [.. members],
    };

    private static ObservedMember Member(string name, string role, bool sync = false, string? state = null) =>
        new(name, "127.0.0.1", 5432, role, state ?? (role == "primary" ? "running" : "streaming"), 0, 1, sync);

    private static InstanceCondition Find(IEnumerable<InstanceCondition> conditions, string type) => conditions.Single(c => c.Type == type);
}
