using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace ControlPlane.Bench.Floor;

/// <summary>
/// The API's two reads with nothing on top: the same tenant-scoped statements (prepared, as the API's are), each row
/// written as a flat JSON object of its columns. No EF Core, authentication, rate limit, mapping or problem details.
/// </summary>
public sealed class FloorRows(NpgsqlDataSource dataSource, Guid organization)
{
    private const string One = "select * from instances where id = $1 and organization_id = $2";
    private const string Page = "select * from instances where organization_id = $1 order by id limit $2";

    public async Task WriteOneAsync(Guid id, HttpContext http)
    {
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        await using var command = new NpgsqlCommand(One, connection) { Parameters = { new() { Value = id }, new() { Value = organization } } };
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        if (!await reader.ReadAsync(http.RequestAborted))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter);
        WriteRow(writer, reader);
    }

    public async Task WritePageAsync(int pageSize, HttpContext http)
    {
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        await using var command = new NpgsqlCommand(Page, connection) { Parameters = { new() { Value = organization }, new() { Value = pageSize } } };
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        while (await reader.ReadAsync(http.RequestAborted))
        {
            WriteRow(writer, reader);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter writer, NpgsqlDataReader reader)
    {
        writer.WriteStartObject();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            writer.WritePropertyName(reader.GetName(i));
            if (reader.IsDBNull(i))
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture));
            }
        }

        writer.WriteEndObject();
    }
}
