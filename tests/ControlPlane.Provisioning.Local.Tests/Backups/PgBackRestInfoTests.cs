using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Local.Backups;

namespace ControlPlane.Provisioning.Local.Tests.Backups;

public sealed class PgBackRestInfoTests
{
    // The shape of pgBackRest 2.45's `info --output=json` for one stanza (trimmed to the fields read).
    private const string Info = """
        [{"archive":[{"database":{"id":1,"repo-key":1},"id":"15-1","max":"000000020000000000000009","min":"000000010000000000000001"}],
          "backup":[
            {"archive":{"start":"000000010000000000000004","stop":"000000010000000000000005"},"error":true,
             "info":{"delta":1024,"repository":{"delta":512,"size":512},"size":1024},"label":"20261206-101500F_20261206-111500D",
             "lsn":{"start":"0/4000028","stop":"0/5000050"},"timestamp":{"start":1796559300,"stop":1796559310},"type":"diff"},
            {"archive":{"start":"000000010000000000000002","stop":"000000010000000000000002"},"error":false,
             "info":{"delta":30000000,"repository":{"delta":3000000,"size":3000000},"size":30000000},"label":"20261206-101500F",
             "lsn":{"start":"0/2000028","stop":"0/2000100"},"timestamp":{"start":1796555700,"stop":1796555705},"type":"full"}],
          "name":"orders","status":{"code":0,"message":"ok"}}]
        """;

    [Fact]
    public void Should_read_every_backup_oldest_first_with_its_kind_ranges_and_sizes()
    {
        var backups = PgBackRestInfo.ParseBackups(Info);

        Assert.Equal(["20261206-101500F", "20261206-101500F_20261206-111500D"], backups.Select(b => b.Id));
        var full = backups[0];
        Assert.Equal(BackupKind.Full, full.Kind);
        Assert.Equal(BackupStatus.Completed, full.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796555700), full.StartedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796555705), full.FinishedAt);
        Assert.Equal(("000000010000000000000002", "000000010000000000000002"), (full.WalStart, full.WalStop));
        Assert.Equal(("0/2000028", "0/2000100"), (full.LsnStart, full.LsnStop));
        Assert.Equal((30000000L, 3000000L), (full.SizeBytes!.Value, full.RepositorySizeBytes!.Value));
        Assert.Null(full.Error);
    }

    [Fact]
    public void Should_mark_a_backup_with_checksum_errors_and_say_so()
    {
        var differential = PgBackRestInfo.ParseBackups(Info)[1];

        Assert.Equal(BackupKind.Differential, differential.Kind);
        Assert.Equal(BackupStatus.CompletedWithErrors, differential.Status);
        Assert.Contains("checksum", differential.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_nothing_for_a_stanza_that_does_not_exist_yet()
    {
        const string missing = """[{"archive":[],"backup":[],"name":"x","status":{"code":1,"message":"missing stanza path"}}]""";

        Assert.Empty(PgBackRestInfo.ParseBackups(missing));
        Assert.Equal("missing stanza path", PgBackRestInfo.ProblemOf(missing));
        Assert.Null(PgBackRestInfo.ProblemOf(Info));
    }

    [Fact]
    public void Should_restore_from_the_second_after_a_backup_ended_and_pick_the_newest_backup_that_ended_by_the_target()
    {
        var backups = PgBackRestInfo.ParseBackups(Info);
        var fullEnd = DateTimeOffset.FromUnixTimeSeconds(1796555705);
        var differentialEnd = DateTimeOffset.FromUnixTimeSeconds(1796559310);

        Assert.Equal(fullEnd.AddSeconds(1), PgBackRestCatalog.RestorableFrom(backups[0]));
        Assert.Null(PgBackRestCatalog.NewestBefore(backups, fullEnd.AddMilliseconds(900)));
        Assert.Equal("20261206-101500F", PgBackRestCatalog.NewestBefore(backups, fullEnd.AddSeconds(1))!.Id);
        Assert.Equal("20261206-101500F", PgBackRestCatalog.NewestBefore(backups, differentialEnd)!.Id);
        Assert.Equal("20261206-101500F_20261206-111500D", PgBackRestCatalog.NewestBefore(backups, differentialEnd.AddSeconds(1))!.Id);
    }
}
