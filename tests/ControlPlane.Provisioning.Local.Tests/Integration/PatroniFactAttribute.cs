namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>A fact that needs real Patroni, PostgreSQL 15 and HAProxy; skipped with the reason when they are not installed.</summary>
public sealed class PatroniFactAttribute : FactAttribute
{
    public PatroniFactAttribute()
    {
        var missing = Missing();
        if (missing.Count > 0)
        {
            Skip = $"Patroni integration tests need {string.Join(", ", missing)} (scripts/install-deps.sh installs them).";
        }
    }

    /// <summary>Which of the programs a real cluster needs (plus <paramref name="more"/>) are not installed.</summary>
    public static IReadOnlyList<string> Missing(params string[] more) =>
        [.. new[] { "/usr/bin/patroni", "/usr/bin/patroni_raft_controller", "/usr/sbin/haproxy", "/usr/lib/postgresql/15/bin/postgres" }
            .Concat(more)
            .Where(path => !File.Exists(path))];
}
