namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>A fact that needs real Patroni clusters and pgBackRest; skipped with the reason when they are not installed.</summary>
public sealed class PgBackRestFactAttribute : FactAttribute
{
    public PgBackRestFactAttribute()
    {
        var missing = new[] { "/usr/bin/patroni", "/usr/bin/patroni_raft_controller", "/usr/sbin/haproxy", "/usr/lib/postgresql/15/bin/postgres", "/usr/bin/pgbackrest" }
            .Where(path => !File.Exists(path))
            .ToList();
        if (missing.Count > 0)
        {
            Skip = $"Backup integration tests need {string.Join(", ", missing)} (scripts/install-deps.sh installs them).";
        }
    }
}
