using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>
/// Pure builders of pgBackRest's configuration and of the commands PostgreSQL and Patroni run. A member's file names
/// its own data directory for its own stanza and, when restored, for its source's, so one file serves archive-push and
/// archive-get. None of it is secret: pgBackRest reaches PostgreSQL over the member's private socket.
/// </summary>
public static class PgBackRestConfigBuilder
{
    /// <summary>The installation's settings: repository, logs, locks and spool, without any PostgreSQL.</summary>
    public static string BuildRepository(PgBackRestOptions options, BackupPaths paths) =>
        Global(options, paths).ToString();

    /// <summary>
    /// A member's file: the repository settings plus, per stanza it works with (its own; a restore's source too), where its
    /// PostgreSQL lives. pgBackRest accepts pg options only in stanza sections.
    /// </summary>
    public static string BuildMember(
        PgBackRestOptions options, BackupPaths paths, IReadOnlyList<string> stanzas, string dataDirectory, string socketDirectory, int port)
    {
        var text = Global(options, paths);
        foreach (var stanza in stanzas.Distinct(StringComparer.Ordinal))
        {
            text.Append('[').Append(stanza).Append("]\n")
                .Append("pg1-path=").Append(dataDirectory).Append('\n')
                .Append("pg1-socket-path=").Append(socketDirectory).Append('\n')
                .Append("pg1-port=").Append(port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>PostgreSQL's archive_command on one member: push each completed segment to the instance's stanza.</summary>
    public static string ArchiveCommand(PgBackRestOptions options, string memberConfig, string stanza) =>
        $"{Quote(options.Executable)} {Quote("--config=" + memberConfig)} {Quote("--stanza=" + stanza)} archive-push \"%p\"";

    /// <summary>The restore_command of a member recovering from <paramref name="stanza"/>.</summary>
    public static string RestoreCommand(PgBackRestOptions options, string memberConfig, string stanza) =>
        $"{Quote(options.Executable)} {Quote("--config=" + memberConfig)} {Quote("--stanza=" + stanza)} archive-get %f \"%p\"";

    /// <summary>The shell script Patroni's custom bootstrap runs: restore the source's backup into this member's (new) data directory.</summary>
    public static string BuildRestoreScript(PgBackRestOptions options, string memberConfig, string dataDirectory, RestorePlan plan)
    {
        var restore = new StringBuilder()
            .Append("exec ").Append(Quote(options.Executable))
            .Append(' ').Append(Quote("--config=" + memberConfig))
            .Append(' ').Append(Quote("--stanza=" + plan.SourceStanza));
        if (plan.BackupSet is { } set)
        {
            restore.Append(' ').Append(Quote("--set=" + set));
        }

        if (plan.TargetTime is { } target)
        {
            // Patroni writes the recovery settings themselves (recovery_conf); these only shape what pgBackRest restores.
            restore.Append(" --type=time ").Append(Quote("--target=" + TargetText(target))).Append(" --target-action=promote");
        }

        restore.Append(" restore");
        return $"""
            #!/bin/sh
            # Written by the control plane: Patroni's custom bootstrap of a restored instance.
            set -e
            mkdir -p -m 0700 {Quote(dataDirectory)}
            {restore}

            """;
    }

    /// <summary>Patroni's settings of the custom bootstrap method of a restored member: the script and the recovery it starts with.</summary>
    public static JsonObject RestoreBootstrap(PgBackRestOptions options, string memberConfig, string script, RestorePlan plan)
    {
        var recovery = new JsonObject
        {
            ["restore_command"] = RestoreCommand(options, memberConfig, plan.SourceStanza),
            ["recovery_target_timeline"] = "latest",
            ["recovery_target_action"] = "promote",
        };
        if (plan.TargetTime is { } target)
        {
            recovery["recovery_target_time"] = TargetText(target);
        }

        return new JsonObject
        {
            ["command"] = $"/bin/sh {Quote(script)}",
            ["no_params"] = true,
            ["keep_existing_recovery_conf"] = false,
            ["recovery_conf"] = recovery,
        };
    }

    /// <summary>A timestamptz PostgreSQL and pgBackRest both read exactly (microseconds, UTC).</summary>
    public static string TargetText(DateTimeOffset target) =>
        target.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00";

    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static StringBuilder Global(PgBackRestOptions options, BackupPaths paths) =>
        new StringBuilder()
            .Append("# Written by the control plane.\n")
            .Append("[global]\n")
            .Append("repo1-path=").Append(options.RepositoryDirectory).Append('\n')
            .Append("log-path=").Append(paths.Logs).Append('\n')
            .Append("lock-path=").Append(paths.Locks).Append('\n')
            .Append("spool-path=").Append(paths.Spool).Append('\n')
            .Append("compress-type=").Append(options.CompressType).Append('\n')
            .Append("process-max=").Append(options.ProcessMax.ToString(CultureInfo.InvariantCulture)).Append('\n')
            // A backup starts with an immediate checkpoint instead of waiting for the next scheduled one.
            .Append("start-fast=y\n")
            .Append("log-level-console=warn\n")
            .Append("log-level-file=info\n");
}
