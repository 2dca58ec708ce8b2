using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Provisioning.Local.Configuration;

/// <summary>
/// Patroni reads its configuration with a YAML parser, and JSON is valid YAML: writing JSON with
/// System.Text.Json keeps quoting exact (passwords with ':' or '#') without taking a YAML package.
/// </summary>
internal static class ConfigJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(JsonNode node) => node.ToJsonString(Indented) + "\n";
}
