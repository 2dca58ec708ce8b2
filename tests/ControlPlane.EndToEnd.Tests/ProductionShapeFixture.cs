using ControlPlane.Domain.Ownership;
using Npgsql;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// The production shape on one machine: two APIs and two workers on one database, broker and region, with leases short
/// enough for a test (6 s, renewed every second: takeover within 7 s) and the local driver's clusters shared by both.
/// </summary>
public sealed class ProductionShapeFixture : ProductFixture
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(1);

    public ProductionShapeFixture()
        : base(apis: 2, workers: 2, new Dictionary<string, string>
        {
            ["ControlPlane__Worker__Ownership__LeaseDuration"] = "00:00:06",
            ["ControlPlane__Worker__Ownership__RenewInterval"] = "00:00:01",
            ["ControlPlane__Worker__Ownership__SafetyMargin"] = "00:00:01",
            ["ControlPlane__Worker__Ownership__GenerationCheckInterval"] = "00:00:05",
        })
    {
    }

    /// <summary>The takeover bound these settings give: LeaseDuration + RenewInterval.</summary>
    public static TimeSpan TakeoverBound => LeaseDuration + RenewInterval;

    /// <summary>The index of the worker that holds the instance's shard now, by the lease rows (null when none does).</summary>
    public async Task<int?> OwnerOfAsync(string instanceId)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select holder from shard_leases where region = $1 and shard = $2 and expires_at > now()", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Region });
        command.Parameters.Add(new NpgsqlParameter { Value = InstanceShards.Of(Guid.Parse(instanceId)) });
        var holder = await command.ExecuteScalarAsync() as string;
        for (var i = 0; i < Workers.Count; i++)
        {
            if (holder == WorkerId(i))
            {
                return i;
            }
        }

        return null;
    }
}
