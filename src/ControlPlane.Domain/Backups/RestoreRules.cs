using System.Globalization;
using ControlPlane.Domain.Instances;

namespace ControlPlane.Domain.Backups;

/// <summary>
/// What a restore (a new instance from another's backups and archived WAL) must satisfy, judged on the window the
/// control plane last recorded for the source. That window trails the archive by up to one report, so a time just
/// past its end is refused rather than silently restored to less than was asked.
/// </summary>
public static class RestoreRules
{
    /// <param name="earliest">The recorded window's start; null when the source has no usable backup.</param>
    /// <param name="latest">The recorded window's end: the newest archived WAL.</param>
    /// <param name="requestedVersion">The major version the request named, or null to take the source's.</param>
    public static IReadOnlyList<DomainError> Validate(
        Guid sourceId, int sourceVersion, int? requestedVersion, DateTimeOffset? pointInTime, DateTimeOffset? earliest, DateTimeOffset? latest)
    {
        var errors = new List<DomainError>();
        if (requestedVersion is { } version && version != sourceVersion)
        {
            errors.Add(new("restore_version_mismatch",
                $"A restore keeps the source's PostgreSQL major version ({sourceVersion}); omit postgresVersion or send {sourceVersion}.", "postgresVersion"));
        }

        if (earliest is not { } from || latest is not { } to)
        {
            errors.Add(new("no_backup_to_restore",
                $"Instance {sourceId} has no completed backup to restore from yet; take one (POST /v1/instances/{sourceId}/backups) and try again.",
                "source.instanceId"));
        }
        else if (pointInTime is { } target && (target < from || target > to))
        {
            errors.Add(new("outside_recovery_window",
                $"source.pointInTime {Format(target)} is outside the recovery window of instance {sourceId}: {Format(from)} to {Format(to)}."
                + (target > to ? " Its end is the newest archived WAL and moves forward as WAL is archived; try again once it passes that time." : ""),
                "source.pointInTime"));
        }

        return errors;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
