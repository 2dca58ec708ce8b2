using ControlPlane.Domain.Instances;

namespace ControlPlane.Domain.Tests;

public sealed class InstanceLifecycleTests
{
    [Theory]
    [InlineData(InstanceStatus.Provisioning, 1, 1, InstanceStatus.Available)]
    [InlineData(InstanceStatus.Updating, 3, 3, InstanceStatus.Available)]
    [InlineData(InstanceStatus.Failed, 2, 2, InstanceStatus.Available)]
    [InlineData(InstanceStatus.Updating, 2, 3, InstanceStatus.Updating)]
    [InlineData(InstanceStatus.Provisioning, 0, 1, InstanceStatus.Provisioning)]
    [InlineData(InstanceStatus.Deleting, 5, 5, InstanceStatus.Deleting)]
    [InlineData(InstanceStatus.Deleted, 5, 5, InstanceStatus.Deleted)]
    public void Should_become_available_only_when_the_newest_generation_is_ready(InstanceStatus from, long observed, long generation, InstanceStatus expected)
    {
        Assert.Equal(expected, InstanceLifecycle.OnReady(from, observed, generation));
    }

    [Theory]
    [InlineData(InstanceStatus.Provisioning, InstanceStatus.Failed)]
    [InlineData(InstanceStatus.Available, InstanceStatus.Failed)]
    [InlineData(InstanceStatus.Deleting, InstanceStatus.Failed)]
    [InlineData(InstanceStatus.Deleted, InstanceStatus.Deleted)]
    public void Should_fail_unless_already_deleted(InstanceStatus from, InstanceStatus expected)
    {
        Assert.Equal(expected, InstanceLifecycle.OnFailed(from));
    }

    [Theory]
    [InlineData(InstanceStatus.Provisioning, true)]
    [InlineData(InstanceStatus.Available, true)]
    [InlineData(InstanceStatus.Updating, true)]
    [InlineData(InstanceStatus.Failed, true)]
    [InlineData(InstanceStatus.Deleting, false)]
    [InlineData(InstanceStatus.Deleted, false)]
    public void Should_allow_delete_once(InstanceStatus status, bool allowed) => Assert.Equal(allowed, InstanceLifecycle.CanDelete(status));

    [Theory]
    [InlineData(InstanceStatus.Available, true)]
    [InlineData(InstanceStatus.Failed, true)]
    [InlineData(InstanceStatus.Provisioning, false)]
    [InlineData(InstanceStatus.Updating, false)]
    [InlineData(InstanceStatus.Deleting, false)]
    public void Should_allow_changes_only_when_settled(InstanceStatus status, bool allowed) => Assert.Equal(allowed, InstanceLifecycle.CanChange(status));

    [Theory]
    [InlineData(InstanceStatus.Provisioning, InstanceStatus.Available, true)]
    [InlineData(InstanceStatus.Available, InstanceStatus.Updating, true)]
    [InlineData(InstanceStatus.Updating, InstanceStatus.Available, true)]
    [InlineData(InstanceStatus.Failed, InstanceStatus.Updating, true)]
    [InlineData(InstanceStatus.Deleting, InstanceStatus.Deleted, true)]
    [InlineData(InstanceStatus.Deleted, InstanceStatus.Available, false)]
    [InlineData(InstanceStatus.Deleted, InstanceStatus.Deleting, false)]
    [InlineData(InstanceStatus.Provisioning, InstanceStatus.Updating, false)]
    [InlineData(InstanceStatus.Deleting, InstanceStatus.Available, false)]
    [InlineData(InstanceStatus.Available, InstanceStatus.Deleted, false)]
    [InlineData(InstanceStatus.Failed, InstanceStatus.Deleted, true)]
    [InlineData(InstanceStatus.Updating, InstanceStatus.Updating, false)]
    public void Should_allow_only_the_documented_transitions(InstanceStatus from, InstanceStatus to, bool allowed) =>
        Assert.Equal(allowed, InstanceLifecycle.IsAllowed(from, to));

    [Fact]
    public void Should_never_leave_deleted()
    {
        foreach (var to in Enum.GetValues<InstanceStatus>())
        {
            Assert.False(InstanceLifecycle.IsAllowed(InstanceStatus.Deleted, to));
        }

        Assert.False(InstanceLifecycle.IsLive(InstanceStatus.Deleted));
    }

    /// <summary>What the worker's reports do to an instance is what the table allows: the recording path never throws on a fitting report.</summary>
    [Fact]
    public void Should_move_on_every_report_only_as_the_table_allows()
    {
        foreach (var from in Enum.GetValues<InstanceStatus>())
        {
            foreach (var to in new[] { InstanceLifecycle.OnReady(from, 1, 1), InstanceLifecycle.OnReady(from, 0, 1), InstanceLifecycle.OnFailed(from) })
            {
                Assert.True(from == to || InstanceLifecycle.IsAllowed(from, to), $"{from} → {to}");
            }
        }
    }

    [Theory]
    [InlineData(InstanceStatus.Deleting)]
    [InlineData(InstanceStatus.Failed)]
    [InlineData(InstanceStatus.Deleted)]
    public void Should_take_a_deleted_report_once_a_deletion_was_asked_for(InstanceStatus from) =>
        Assert.Equal(InstanceStatus.Deleted, InstanceLifecycle.Move(from, InstanceLifecycle.OnDeleted(from)));

    [Theory]
    [InlineData(InstanceStatus.Provisioning)]
    [InlineData(InstanceStatus.Available)]
    [InlineData(InstanceStatus.Updating)]
    public void Should_refuse_a_deleted_report_before_any_deletion(InstanceStatus from)
    {
        var refused = Assert.Throws<LifecycleTransitionException>(() => InstanceLifecycle.Move(from, InstanceLifecycle.OnDeleted(from)));
        Assert.Contains($"from {EnumWords.Word(from)} to deleted", refused.Message, StringComparison.Ordinal);
    }
}
