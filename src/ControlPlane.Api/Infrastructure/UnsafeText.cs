namespace ControlPlane.Api.Infrastructure;

/// <summary>
/// The one rule for text the API accepts: no control characters (PostgreSQL cannot store NUL in text at all), no lone
/// surrogates (not valid UTF-8, so not storable either) and no bidirectional overrides or isolates, which make a name
/// display as something else ("acme\u202Egpj.exe" reads "acmeexe.jpg").
/// </summary>
public static class UnsafeText
{
    /// <summary>Why <paramref name="value"/> is refused, or null when it is fine.</summary>
    public static string? Reason(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return "contains an unpaired surrogate (invalid UTF-16).";
            }

            if (char.IsControl(c))
            {
                return $"contains the control character U+{(int)c:X4}.";
            }

            if (IsBidiControl(c))
            {
                return $"contains the bidirectional control character U+{(int)c:X4}.";
            }
        }

        return null;
    }

    /// <summary>The message for a field, e.g. "name contains the control character U+0000."</summary>
    public static string? Problem(string field, string value) => Reason(value) is { } reason ? $"{field} {reason}" : null;

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
