using System.Text.Json;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>
/// A few fake Patroni members, each its own Kestrel server on 127.0.0.1:0. Like the real DCS view, /cluster keeps
/// listing a killed leader as leader/running until <see cref="Promote"/> expires its key.
/// </summary>
public sealed class FakePatroniCluster : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<FakePatroniMember> _members = [];
    private readonly HashSet<string> _expired = new(StringComparer.Ordinal);

    private FakePatroniCluster()
    {
    }

    public IReadOnlyList<PatroniMemberEndpoint> Endpoints => [.. _members.Select(m => new PatroniMemberEndpoint(m.Name, m.ApiUrl))];

    public FakePatroniMember this[string name] => _members.Single(m => m.Name == name);

    /// <summary>Members /cluster also lists, at api_urls of the test's choosing (what a tampered DCS would say).</summary>
    public List<(string Name, Uri ApiUrl)> Strangers { get; } = [];

    /// <summary>The first name leads on timeline 1, the second is the sync standby, the rest are async replicas.</summary>
    public static async Task<FakePatroniCluster> StartAsync(params string[] names)
    {
        var cluster = new FakePatroniCluster();
        for (var i = 0; i < names.Length; i++)
        {
            var member = await FakePatroniMember.StartAsync(names[i], cluster);
            member.Role = i == 0 ? "master" : "replica";
            member.Sync = i == 1;
            cluster._members.Add(member);
        }

        return cluster;
    }

    /// <summary>What a failover does once the dead leader's key expires: a new leader on a new timeline, the old one gone from /cluster.</summary>
    public void Promote(string newLeader, int timeline)
    {
        lock (_gate)
        {
            foreach (var member in _members.Where(m => m.Role == "master"))
            {
                _expired.Add(member.Name);
                member.Role = "replica";
            }

            foreach (var member in _members)
            {
                member.Sync = false;
            }

            this[newLeader].Role = "master";
            this[newLeader].Lag = 0;
            this[newLeader].Timeline = timeline;
        }
    }

    public string ClusterJson()
    {
        lock (_gate)
        {
            var members = _members.Where(m => !_expired.Contains(m.Name)).Select(m => new Dictionary<string, object?>
            {
                ["name"] = m.Name,
                ["role"] = m.Role == "master" ? "leader" : m.Sync ? "sync_standby" : "replica",
                ["state"] = "running",
                ["api_url"] = new Uri(m.ApiUrl, "patroni").ToString(),
                ["host"] = "127.0.0.1",
                ["port"] = 15432 + _members.IndexOf(m),
                ["timeline"] = m.Timeline,
                ["lag"] = m.Role == "master" ? null : m.Lag,
            }).Concat(Strangers.Select(m => new Dictionary<string, object?>
            {
                ["name"] = m.Name,
                ["role"] = "replica",
                ["state"] = "running",
                ["api_url"] = m.ApiUrl.ToString(),
                ["host"] = m.ApiUrl.Host,
                ["port"] = 5432,
                ["timeline"] = 1,
            })).Select(d => d.Where(kv => kv.Value is not null).ToDictionary());
            return JsonSerializer.Serialize(new { members });
        }
    }

    public string StatusJson(FakePatroniMember member)
    {
        lock (_gate)
        {
            var status = new Dictionary<string, object?>
            {
                ["state"] = "running",
                ["role"] = member.Role,
                ["server_version"] = 150018,
                ["timeline"] = member.Timeline,
                ["xlog"] = member.Role == "master"
                    ? new Dictionary<string, object> { ["location"] = 50_000_000 }
                    : new Dictionary<string, object> { ["received_location"] = 50_000_000 - member.Lag, ["replayed_location"] = 50_000_000 - member.Lag },
                ["patroni"] = new Dictionary<string, string> { ["version"] = "3.0.2", ["scope"] = "fake" },
            };
            if (member.Sync)
            {
                status["sync_standby"] = true;
            }

            if (member.Role == "master")
            {
                status["replication"] = _members.Where(m => m != member && m.Alive).Select(m => new Dictionary<string, object>
                {
                    ["application_name"] = m.Name,
                    ["state"] = "streaming",
                    ["sync_state"] = m.Sync ? "sync" : "async",
                    ["sync_priority"] = m.Sync ? 1 : 0,
                }).ToList();
            }

            return JsonSerializer.Serialize(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }
    }
}
