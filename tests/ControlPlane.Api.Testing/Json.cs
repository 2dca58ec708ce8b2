using System.Text.Json.Nodes;

namespace ControlPlane.Api.Testing;

public static class Json
{
    public static Guid Id(this JsonNode node) => node["id"]!.GetValue<Guid>();

    public static string Str(this JsonNode node, string property) => node[property]!.GetValue<string>();

    /// <summary>The names of the fields an error problem names in <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorFields(this ApiResponse response) =>
        response.Body?["errors"] is JsonObject errors ? [.. errors.Select(e => e.Key)] : [];
}
