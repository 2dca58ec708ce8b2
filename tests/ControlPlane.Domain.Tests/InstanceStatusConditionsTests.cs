using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Plans;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Domain.Tests;

/// <summary>The conditions the instance stores follow every change of its status, not only the next health report.</summary>
public sealed class InstanceStatusConditionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 21, 27, 0, TimeSpan.Zero);

    [Fact]
    public void Should_say_not_ready_as_soon_as_an_update_begins()
    {
        var instance = HealthyAvailable();
        Assert.Equal("True", Condition(instance, "Ready").Status);

        instance.BeginUpdate(Specs.Valid(storageGb: 40), PlanCatalog.Defaults[0], Start.AddMinutes(1));

        var ready = Condition(instance, "Ready");
        Assert.Equal(("False", "Updating", "A change was requested."), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(Start.AddMinutes(1), ready.LastTransitionTime);
        Assert.Equal(("Unknown", "InProgress"), (Condition(instance, "Reconciled").Status, Condition(instance, "Reconciled").Reason));
    }

    [Fact]
    public void Should_say_not_ready_as_soon_as_the_instance_fails()
    {
        var instance = HealthyAvailable();

        instance.MarkFailed(instance.Generation, "The update operation did not complete by its deadline.", Start.AddMinutes(30));

        Assert.Equal(("False", "Failed"), (Condition(instance, "Ready").Status, Condition(instance, "Ready").Reason));
        Assert.Equal("False", Condition(instance, "Reconciled").Status);
    }

    [Fact]
    public void Should_say_ready_again_when_reported_ready_at_the_newest_generation_after_a_deadline_failed_it()
    {
        var instance = HealthyAvailable();
        instance.BeginUpdate(Specs.Valid(storageGb: 40), PlanCatalog.Defaults[0], Start);
        instance.MarkFailed(instance.Generation, "The update operation did not complete by its deadline.", Start.AddMinutes(30));

        instance.MarkReady(instance.Generation, instance.Observed.Copy(), Start.AddMinutes(31));

        Assert.Equal(InstanceStatus.Available, instance.Status);
        Assert.Equal(("True", "Available"), (Condition(instance, "Ready").Status, Condition(instance, "Ready").Reason));
        Assert.Equal("True", Condition(instance, "Reconciled").Status);
    }

    [Fact]
    public void Should_not_become_available_when_reported_ready_at_an_older_generation_after_failing()
    {
        var instance = HealthyAvailable();
        instance.BeginUpdate(Specs.Valid(storageGb: 40), PlanCatalog.Defaults[0], Start);
        instance.MarkFailed(instance.Generation, "Storage cannot shrink.", Start.AddMinutes(1));

        instance.MarkReady(instance.Generation - 1, instance.Observed.Copy(), Start.AddMinutes(2));

        Assert.Equal(InstanceStatus.Failed, instance.Status);
    }

    [Fact]
    public void Should_say_why_reconciling_fails_and_restore_the_status_reason_once_it_succeeds()
    {
        var instance = Instance.Create(Guid.NewGuid(), "db", "local", Specs.Valid(), PlanCatalog.Defaults[0], "", Start);
        var before = instance.StatusReason;

        Assert.True(instance.ReportReconcileTrouble("ReconcileFailing", "HAProxy did not start: exit code 1", Start, 3, Start.AddSeconds(7)));
        Assert.False(instance.ReportReconcileTrouble("ReconcileFailing", "HAProxy did not start: exit code 2", Start.AddSeconds(30), 9, Start.AddMinutes(1)));

        Assert.Equal("Retrying since 21:27 UTC: HAProxy did not start: exit code 2", instance.StatusReason);
        var reconciled = Condition(instance, "Reconciled");
        Assert.Equal(("False", "ReconcileFailing"), (reconciled.Status, reconciled.Reason));
        Assert.Contains("HAProxy did not start: exit code 2", reconciled.Message, StringComparison.Ordinal);
        Assert.Contains("9 attempts", reconciled.Message, StringComparison.Ordinal);
        Assert.Equal(Start.AddSeconds(7), reconciled.LastTransitionTime);
        Assert.Contains("Retrying since", Condition(instance, "Ready").Message, StringComparison.Ordinal);

        Assert.True(instance.ClearReconcileTrouble(Start.AddMinutes(2)));
        Assert.False(instance.ClearReconcileTrouble(Start.AddMinutes(3)));

        Assert.Equal(before, instance.StatusReason);
        Assert.NotEqual("False", Condition(instance, "Reconciled").Status);
    }

    [Fact]
    public void Should_keep_the_writable_reason_code_when_the_status_changes()
    {
        var instance = HealthyAvailable();
        var observed = instance.Observed.Copy();
        observed.CurrentPrimary = null;
        instance.ReportHealth(InstanceHealthStates.Unavailable, "no member holds the leader lock", observed, Start.AddMinutes(1), "FailingOver");

        instance.BeginUpdate(Specs.Valid(storageGb: 40), PlanCatalog.Defaults[0], Start.AddMinutes(2));

        Assert.Equal(("False", "FailingOver"), (Condition(instance, "Writable").Status, Condition(instance, "Writable").Reason));
    }

    [Fact]
    public void Should_say_readiness_is_unknown_not_false_while_an_available_instance_has_no_health_report_yet()
    {
        var instance = Instance.Create(Guid.NewGuid(), "db", "local", Specs.Valid(ha: Specs.Ha(replicas: 1)), PlanCatalog.Defaults[0], "", Start);

        instance.MarkReady(instance.Generation, new InstanceObservedState(), Start);

        var ready = Condition(instance, "Ready");
        Assert.Equal(("Unknown", "NoHealthReport"), (ready.Status, ready.Reason));
        Assert.NotEqual("", ready.Message);
    }

    [Fact]
    public void Should_name_the_health_not_the_status_when_an_available_instance_is_unavailable()
    {
        var instance = HealthyAvailable();
        var observed = instance.Observed.Copy();

        instance.ReportHealth(InstanceHealthStates.Unavailable, "the leader pg-0 is unreachable", observed, Start.AddMinutes(1), "LeaderUnreachable");

        var ready = Condition(instance, "Ready");
        Assert.Equal(("False", "Unavailable", "the leader pg-0 is unreachable"), (ready.Status, ready.Reason, ready.Message));
    }

    private static Instance HealthyAvailable()
    {
        var instance = Instance.Create(Guid.NewGuid(), "db", "local", Specs.Valid(ha: Specs.Ha(replicas: 1)), PlanCatalog.Defaults[0], "", Start);
        instance.MarkReady(instance.Generation, new InstanceObservedState(), Start);
        var observed = instance.Observed.Copy();
        observed.CurrentPrimary = "pg-0";
        observed.SynchronouslyDurable = true;
        observed.Members =
        [
            new ObservedMember("pg-0", "127.0.0.1", 5432, "primary", "running", 0, 1, false),
            new ObservedMember("pg-1", "127.0.0.1", 5433, "replica", "streaming", 0, 1, true),
        ];
        instance.ReportHealth(InstanceHealthStates.Healthy, "", observed, Start, "");
        return instance;
    }

    private static InstanceCondition Condition(Instance instance, string type) => instance.Observed.Conditions.Single(c => c.Type == type);
}
