using ControlPlane.Provisioning.Backups;

namespace ControlPlane.Provisioning.Tests.Backups;

public sealed class RecoveryWindowTests
{
    private static readonly RecoveryWindow Window = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Should_contain_both_ends()
    {
        Assert.True(Window.Contains(Window.Earliest));
        Assert.True(Window.Contains(Window.Latest));
    }

    [Fact]
    public void Should_not_contain_a_time_before_the_oldest_backup_or_after_the_newest_archived_wal()
    {
        Assert.False(Window.Contains(Window.Earliest.AddTicks(-1)));
        Assert.False(Window.Contains(Window.Latest.AddTicks(1)));
    }
}
