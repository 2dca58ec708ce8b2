using ControlPlane.Provisioning.Backups;

namespace ControlPlane.Provisioning.Tests.Backups;

public sealed class ArchivingEvaluatorTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static ArchiverStatistics Statistics(DateTimeOffset? archivedAt, DateTimeOffset? failedAt, int pending = 0) =>
        new(10, archivedAt is null ? null : "000000010000000000000009", archivedAt, failedAt is null ? 0 : 3, failedAt is null ? null : "00000001000000000000000A", failedAt, pending);

    [Fact]
    public void Should_report_archiving_when_the_last_success_is_newer_than_the_last_failure()
    {
        var status = ArchivingEvaluator.Evaluate(Statistics(Noon, Noon.AddMinutes(-5)), 64);

        Assert.True(status.Healthy);
        Assert.Equal(ArchivingReasons.Archiving, status.Reason);
    }

    [Fact]
    public void Should_report_the_command_failing_when_the_last_failure_is_newer_than_the_last_success()
    {
        var status = ArchivingEvaluator.Evaluate(Statistics(Noon, Noon.AddMinutes(1), pending: 2), 64);

        Assert.False(status.Healthy);
        Assert.Equal(ArchivingReasons.CommandFailing, status.Reason);
        Assert.Contains("00000001000000000000000A", status.Message, StringComparison.Ordinal);
        Assert.Contains("2 WAL segment(s)", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_the_command_failing_when_nothing_was_ever_archived()
    {
        var status = ArchivingEvaluator.Evaluate(Statistics(null, Noon), 64);

        Assert.False(status.Healthy);
        Assert.Contains("no WAL archived yet", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_lagging_when_more_segments_wait_than_the_threshold_while_the_command_succeeds()
    {
        var status = ArchivingEvaluator.Evaluate(Statistics(Noon, null, pending: 65), 64);

        Assert.False(status.Healthy);
        Assert.Equal(ArchivingReasons.Lagging, status.Reason);
    }

    [Fact]
    public void Should_report_archiving_on_a_new_instance_that_completed_no_segment_yet()
    {
        var status = ArchivingEvaluator.Evaluate(Statistics(null, null), 64);

        Assert.True(status.Healthy);
    }
}
