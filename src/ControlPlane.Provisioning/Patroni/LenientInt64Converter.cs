using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// Reads a number that Patroni may also send as a string ("unknown" for a stopped member's lag) or not at all:
/// anything that is not a whole number becomes null instead of failing the whole document.
/// </summary>
public sealed class LenientInt64Converter : JsonConverter<long?>
{
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var whole):
                return whole;
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var real) && double.IsFinite(real) && Math.Abs(real) < long.MaxValue ? (long)real : null;
            case JsonTokenType.String:
                return long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
