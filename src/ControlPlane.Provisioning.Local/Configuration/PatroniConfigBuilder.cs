using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.State;

namespace ControlPlane.Provisioning.Local.Configuration;

/// <summary>Pure builders of a member's <c>patroni.yml</c> and a witness's Raft-only configuration.</summary>
public static class PatroniConfigBuilder
{
    public const string SuperuserName = "postgres";
    public const string ReplicationUserName = "replicator";

    public static string BuildMember(
        InstanceState state,
        int slot,
        InstanceLayout layout,
        DynamicSettings dynamic,
        InstanceCredentials credentials,
        string postgresBinDirectory,
        string host,
        string archiveCommand,
        JsonObject? restoreBootstrap = null)
    {
        var ports = state.Slots[slot];
        var root = new JsonObject
        {
            ["scope"] = state.Name,
            ["namespace"] = "/service/",
            ["name"] = state.MemberName(slot),
            ["restapi"] = new JsonObject
            {
                ["listen"] = $"{host}:{ports.Rest}",
                ["connect_address"] = $"{host}:{ports.Rest}",
                ["authentication"] = new JsonObject
                {
                    ["username"] = credentials.PatroniApiUsername,
                    ["password"] = credentials.PatroniApiPassword,
                },
            },
            ["raft"] = RaftSection(state, slot, layout, credentials, host),
            ["bootstrap"] = new JsonObject
            {
                ["dcs"] = dynamic.ToJson(),
                ["initdb"] = new JsonArray(
                    new JsonObject { ["encoding"] = "UTF8" },
                    new JsonObject { ["locale"] = "C.UTF-8" },
                    "data-checksums"),
            },
            ["postgresql"] = new JsonObject
            {
                ["listen"] = $"{host}:{ports.Postgres}",
                ["connect_address"] = $"{host}:{ports.Postgres}",
                ["data_dir"] = layout.PostgresDataDirectory(slot),
                ["bin_dir"] = postgresBinDirectory,
                ["pgpass"] = layout.PgPassFile(slot),
                // A new replica clones with pg_basebackup, whose default spread checkpoint can take minutes
                // after a burst of writes (CREATE DATABASE dirties every page it copies).
                ["basebackup"] = new JsonObject { ["checkpoint"] = "fast" },
                ["authentication"] = new JsonObject
                {
                    ["superuser"] = new JsonObject { ["username"] = SuperuserName, ["password"] = credentials.SuperuserPassword },
                    ["replication"] = new JsonObject { ["username"] = ReplicationUserName, ["password"] = credentials.ReplicationPassword },
                },
                // Local, not bootstrap, so Patroni rewrites it on every member (replicas would otherwise inherit the clone's file).
                ["pg_hba"] = new JsonArray(
                    "local all all trust",
                    $"host replication {ReplicationUserName} {host}/32 scram-sha-256",
                    $"host all all {host}/32 scram-sha-256"),
                ["parameters"] = new JsonObject
                {
                    // One socket directory per member: the default /var/run/postgresql would clash between clusters.
                    ["unix_socket_directories"] = layout.SlotDirectory(slot),
                    // Per member: it names this member's own pgBackRest file (its data directory, its socket).
                    ["archive_command"] = archiveCommand,
                },
            },
            ["watchdog"] = new JsonObject { ["mode"] = "off" },
            ["tags"] = new JsonObject
            {
                ["nofailover"] = false,
                ["noloadbalance"] = false,
                ["clonefrom"] = false,
                ["nosync"] = false,
            },
        };

        if (restoreBootstrap is not null)
        {
            // A restored instance: Patroni runs the custom method instead of initdb (only when the cluster is not initialised yet).
            var bootstrap = root["bootstrap"]!.AsObject();
            bootstrap["method"] = RestoreBootstrapMethod;
            bootstrap[RestoreBootstrapMethod] = restoreBootstrap;
        }

        return ConfigJson.Write(root);
    }

    public const string RestoreBootstrapMethod = "pgbackrest";

    /// <summary>A Raft voter with no PostgreSQL, run by <c>patroni_raft_controller</c> in a slot that has no member.</summary>
    public static string BuildWitness(InstanceState state, int slot, InstanceLayout layout, InstanceCredentials credentials, string host) =>
        ConfigJson.Write(new JsonObject
        {
            ["scope"] = state.Name,
            ["name"] = $"{state.Name}-witness-{slot}",
            ["raft"] = RaftSection(state, slot, layout, credentials, host),
        });

    /// <summary>
    /// The instance's Raft password, derived from its Patroni API password so it needs no column of its own and
    /// changes with nothing else. Without one, any local account could write the DCS (pysyncobj encrypts and
    /// authenticates the traffic with it; Debian's python3-cryptography provides the cipher).
    /// </summary>
    public static string RaftPassword(InstanceCredentials credentials) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(credentials.PatroniApiPassword), "patroni-raft"u8))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether the <c>raft</c> section differs between two configurations; a missing or unreadable old one has none to differ from.</summary>
    public static bool RaftChanged(string? before, string after)
    {
        if (before is null)
        {
            return false;
        }

        try
        {
            return !JsonNode.DeepEquals(JsonNode.Parse(before)?["raft"], JsonNode.Parse(after)?["raft"]);
        }
        catch (System.Text.Json.JsonException)
        {
            return true;
        }
    }

    private static JsonObject RaftSection(InstanceState state, int slot, InstanceLayout layout, InstanceCredentials credentials, string host)
    {
        var partners = new JsonArray();
        for (var other = 0; other < state.Slots.Count; other++)
        {
            if (other != slot)
            {
                partners.Add($"{host}:{state.Slots[other].Raft}");
            }
        }

        return new JsonObject
        {
            ["data_dir"] = layout.RaftDirectory(slot),
            ["self_addr"] = $"{host}:{state.Slots[slot].Raft}",
            ["partner_addrs"] = partners,
            ["password"] = RaftPassword(credentials),
        };
    }
}
