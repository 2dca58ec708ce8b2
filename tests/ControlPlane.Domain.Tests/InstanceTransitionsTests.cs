using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Plans;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Domain.Tests;

/// <summary>The instance entity moves its status only as the lifecycle table allows, and a refused move changes nothing.</summary>
public sealed class InstanceTransitionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_refuse_to_update_an_instance_still_provisioning_and_keep_its_spec()
    {
        var instance = Provisioning();

        var refused = Assert.Throws<LifecycleTransitionException>(() =>
            instance.BeginUpdate(Specs.Valid(storageGb: 40), PlanCatalog.Defaults[0], Start.AddMinutes(1)));

        Assert.Equal((InstanceStatus.Provisioning, InstanceStatus.Updating), (refused.From, refused.To));
        Assert.Equal((InstanceStatus.Provisioning, 20, 1L), (instance.Status, instance.StorageGb, instance.Generation));
    }

    [Fact]
    public void Should_refuse_to_rotate_credentials_of_an_instance_already_updating_and_keep_them()
    {
        var instance = Available();
        instance.BeginUpdate(Specs.Valid(storageGb: 40), PlanCatalog.Defaults[0], Start.AddMinutes(1));

        Assert.Throws<LifecycleTransitionException>(() => instance.BeginCredentialRotation("rotated", Start.AddMinutes(2)));

        Assert.Equal(("old", 1, (string?)null), (instance.CredentialsProtected, instance.CredentialsVersion, instance.PreviousCredentialsProtected));
    }

    [Fact]
    public void Should_refuse_to_delete_twice()
    {
        var instance = Available();
        instance.BeginDelete(Start.AddMinutes(1));
        var generation = instance.Generation;

        Assert.Throws<LifecycleTransitionException>(() => instance.BeginDelete(Start.AddMinutes(2)));

        Assert.Equal((InstanceStatus.Deleting, generation), (instance.Status, instance.Generation));
    }

    [Fact]
    public void Should_refuse_a_deleted_report_for_an_instance_nobody_asked_to_delete()
    {
        var instance = Available();

        Assert.Throws<LifecycleTransitionException>(() => instance.MarkDeleted(Start.AddMinutes(1)));

        Assert.Equal((InstanceStatus.Available, (DateTimeOffset?)null), (instance.Status, instance.DeletedAt));
    }

    [Fact]
    public void Should_complete_a_deletion_whose_operation_outlived_its_deadline()
    {
        var instance = Available();
        instance.BeginDelete(Start.AddMinutes(1));
        instance.MarkFailed(instance.Generation, "The delete operation did not complete by its deadline.", Start.AddMinutes(16));

        instance.MarkDeleted(Start.AddMinutes(17));

        Assert.Equal((InstanceStatus.Deleted, Start.AddMinutes(17)), (instance.Status, instance.DeletedAt));
    }

    [Fact]
    public void Should_take_repeated_reports_of_where_the_instance_already_is()
    {
        var instance = Available();
        instance.MarkReady(instance.Generation, instance.Observed.Copy(), Start.AddMinutes(1));
        instance.BeginDelete(Start.AddMinutes(2));
        instance.MarkDeleted(Start.AddMinutes(3));

        instance.MarkDeleted(Start.AddMinutes(4));
        instance.MarkReady(instance.Generation, instance.Observed.Copy(), Start.AddMinutes(5));
        instance.MarkFailed(instance.Generation, "late", Start.AddMinutes(6));

        Assert.Equal((InstanceStatus.Deleted, Start.AddMinutes(3)), (instance.Status, instance.DeletedAt));
    }

    private static Instance Provisioning() =>
        Instance.Create(Guid.NewGuid(), "db", "local", Specs.Valid(), PlanCatalog.Defaults[0], "old", Start);

    private static Instance Available()
    {
        var instance = Provisioning();
        instance.MarkReady(instance.Generation, instance.Observed.Copy(), Start);
        return instance;
    }
}
