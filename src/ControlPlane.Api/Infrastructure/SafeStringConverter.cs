using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlPlane.Api.Infrastructure;

/// <summary>
/// Every string of every request body passes <see cref="UnsafeText"/> as it is read, so no endpoint can forget it and
/// the error names the field by its JSON path (highAvailability.replicationMode).
/// </summary>
public sealed class SafeStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException();
        }

        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") cannot even be turned into a string.
            throw new UnsafeTextException("contains an unpaired surrogate (invalid UTF-16).");
        }

        return UnsafeText.Reason(value) is { } reason ? throw new UnsafeTextException(reason) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
