using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Backups;

namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>
/// Reads <c>pgbackrest info --output=json</c> for one stanza. pgBackRest lists only backups that completed (a failed
/// run leaves none); <c>error: true</c> marks one that completed with page checksum errors.
/// </summary>
public static class PgBackRestInfo
{
    /// <summary>The stanza's backups oldest first; empty when the stanza does not exist yet or has none.</summary>
    public static IReadOnlyList<BackupRecord> ParseBackups(string json)
    {
        var stanza = Stanza(json);
        if (stanza?["backup"] is not JsonArray backups)
        {
            return [];
        }

        return [.. backups.OfType<JsonObject>().Select(Parse).OrderBy(b => b.StartedAt)];
    }

    /// <summary>The stanza's status message when it is not "ok" (e.g. "missing stanza path"), else null.</summary>
    public static string? ProblemOf(string json) =>
        Stanza(json)?["status"] is JsonObject status && status["code"]?.GetValue<int>() is { } code && code != 0
            ? status["message"]?.GetValue<string>() ?? $"status code {code}"
            : null;

    private static JsonObject? Stanza(string json) =>
        JsonNode.Parse(json) is JsonArray { Count: > 0 } stanzas ? stanzas[0] as JsonObject : null;

    private static BackupRecord Parse(JsonObject backup)
    {
        var kind = backup["type"]?.GetValue<string>() switch
        {
            "full" => BackupKind.Full,
            "diff" => BackupKind.Differential,
            "incr" => BackupKind.Incremental,
            var other => throw new FormatException($"pgBackRest reported an unknown backup type '{other}'."),
        };
        var damaged = backup["error"]?.GetValue<bool>() == true;
        return new BackupRecord(
            backup["label"]!.GetValue<string>(),
            kind,
            damaged ? BackupStatus.CompletedWithErrors : BackupStatus.Completed,
            Epoch(backup["timestamp"]?["start"]) ?? throw new FormatException("pgBackRest reported a backup without a start time."),
            Epoch(backup["timestamp"]?["stop"]),
            backup["archive"]?["start"]?.GetValue<string>(),
            backup["archive"]?["stop"]?.GetValue<string>(),
            backup["lsn"]?["start"]?.GetValue<string>(),
            backup["lsn"]?["stop"]?.GetValue<string>(),
            backup["info"]?["size"]?.GetValue<long>(),
            backup["info"]?["repository"]?["delta"]?.GetValue<long>(),
            damaged ? "pgBackRest found page checksum errors while copying this backup" : null);
    }

    private static DateTimeOffset? Epoch(JsonNode? node) =>
        node is null ? null : DateTimeOffset.FromUnixTimeSeconds(node.GetValue<long>());
}
