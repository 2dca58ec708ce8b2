using Npgsql;

namespace ControlPlane.Bench;

/// <summary>
/// Seeds the read path fast: organisations and keys through the API (keys are hashed there), one template instance
/// through the API, then the rest copied from the template in one INSERT … SELECT per organisation, so every column
/// the migrations define (credentials included) holds what the API itself would have written.
/// </summary>
public sealed class Seeder(Product product)
{
    public async Task<IReadOnlyList<(Guid Id, string Key)>> SeedAsync(int organizations, int instances, CancellationToken cancellationToken)
    {
        using var support = product.Client();
        var orgs = new List<(Guid Id, string Key)>();
        for (var i = 0; i < organizations; i++)
        {
            orgs.Add(await product.CreateOrganizationAsync(support, $"bench-read-{i}", cancellationToken));
        }

        using var first = product.Client(orgs[0].Key);
        var template = await Product.CreateInstanceAsync(first, "template", Regions.Read, 0, cancellationToken);

        await using var connection = new NpgsqlConnection(product.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var columns = new List<string>();
        await using (var read = new NpgsqlCommand(
                         "select column_name from information_schema.columns where table_name = 'instances' and table_schema = 'public' order by ordinal_position",
                         connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }

        var overrides = new Dictionary<string, string>
        {
            ["id"] = "gen_random_uuid()",
            ["organization_id"] = "@org",
            ["name"] = "'seed-' || g",
            ["created_at"] = "now() - make_interval(secs => g)",
            ["updated_at"] = "now() - make_interval(secs => g)",
        };
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(c => overrides.TryGetValue(c, out var v) ? v : $"t.\"{c}\""));
        var perOrganization = instances / organizations;
        var sql = $"insert into instances ({list}) select {values} from instances t, generate_series(1, @count) g where t.id = @template";
        foreach (var (id, _) in orgs)
        {
            await using var insert = new NpgsqlCommand(sql, connection);
            insert.Parameters.AddWithValue("org", id);
            insert.Parameters.AddWithValue("count", id == orgs[0].Id ? perOrganization - 1 : perOrganization);
            insert.Parameters.AddWithValue("template", template);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var analyze = new NpgsqlCommand("analyze instances", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
        return orgs;
    }

    public async Task<IReadOnlyList<Guid>> InstanceIdsAsync(Guid organization, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(product.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select id from instances where organization_id = @org", connection);
        command.Parameters.AddWithValue("org", organization);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
