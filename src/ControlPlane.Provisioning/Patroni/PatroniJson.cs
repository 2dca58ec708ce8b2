using System.Text.Json;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>Patroni speaks snake_case and adds keys between versions; unknown keys are ignored.</summary>
public static class PatroniJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static T? Parse<T>(string json)
        where T : class => JsonSerializer.Deserialize<T>(json, Options);
}
