using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>Continuous archiving and backups of the local driver's instances with pgBackRest: one repository per installation, a stanza per instance.</summary>
public sealed class PgBackRestOptions
{
    public const string SectionName = "ControlPlane:Provisioning:Local:Backups";

    /// <summary>The repository (backups and archived WAL of every instance); created owned by the OS user, mode 0700.</summary>
    [Required]
    public string RepositoryDirectory { get; set; } = "/var/tmp/controlplane/backups";

    [Required]
    public string Executable { get; set; } = "/usr/bin/pgbackrest";

    /// <summary>PostgreSQL's archive_timeout: a partly filled WAL segment is archived after this long, which bounds the RPO.</summary>
    public TimeSpan ArchiveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>WAL segments waiting in pg_wal above which <c>Archiving</c> turns False (lagging) even while the command succeeds.</summary>
    [Range(1, 100_000)]
    public int PendingSegmentsThreshold { get; set; } = 64;

    /// <summary>How long one pgBackRest command (a backup, a restore) may run before it is abandoned.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>pgBackRest's compression; lz4 is several times faster than gz at a slightly larger repository.</summary>
    [Required]
    public string CompressType { get; set; } = "lz4";

    /// <summary>Parallel processes for backup and restore (pgBackRest's process-max).</summary>
    [Range(1, 64)]
    public int ProcessMax { get; set; } = 1;
}
