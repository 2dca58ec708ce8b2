using System.Text.Json.Nodes;

namespace ControlPlane.Provisioning.Local.Configuration;

/// <summary>
/// The part of Patroni's configuration that lives in the DCS: timings, replication mode and PostgreSQL
/// parameters. Seeded through <c>bootstrap.dcs</c>, changed later only through <c>PATCH /config</c>.
/// </summary>
public sealed record DynamicSettings(
    int TtlSeconds,
    int LoopWaitSeconds,
    int RetryTimeoutSeconds,
    bool SynchronousMode,
    bool SynchronousModeStrict,
    IReadOnlyDictionary<string, string> Parameters)
{
    public JsonObject ToJson()
    {
        var parameters = new JsonObject();
        foreach (var (name, value) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parameters[name] = value;
        }

        return new JsonObject
        {
            ["ttl"] = TtlSeconds,
            ["loop_wait"] = LoopWaitSeconds,
            ["retry_timeout"] = RetryTimeoutSeconds,
            ["maximum_lag_on_failover"] = 1048576,
            ["synchronous_mode"] = SynchronousMode,
            ["synchronous_mode_strict"] = SynchronousModeStrict,
            ["postgresql"] = new JsonObject
            {
                // pg_rewind lets a failed primary rejoin as a replica instead of needing a fresh clone.
                ["use_pg_rewind"] = true,
                ["use_slots"] = true,
                ["parameters"] = parameters,
            },
        };
    }

    /// <summary>The settings that differ from Patroni's live <c>GET /config</c>; empty when nothing needs patching.</summary>
    public IReadOnlyList<string> DifferencesFrom(JsonNode? live)
    {
        var differences = new List<string>();
        Compare("ttl", TtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), live?["ttl"]);
        Compare("loop_wait", LoopWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), live?["loop_wait"]);
        Compare("retry_timeout", RetryTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), live?["retry_timeout"]);
        Compare("synchronous_mode", SynchronousMode ? "true" : "false", live?["synchronous_mode"]);
        Compare("synchronous_mode_strict", SynchronousModeStrict ? "true" : "false", live?["synchronous_mode_strict"]);
        foreach (var (name, value) in Parameters)
        {
            Compare(name, value, live?["postgresql"]?["parameters"]?[name]);
        }

        return differences;

        void Compare(string name, string expected, JsonNode? actual)
        {
            var actualText = actual?.ToString() ?? "";
            if (!string.Equals(expected, actualText, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(name);
            }
        }
    }
}
