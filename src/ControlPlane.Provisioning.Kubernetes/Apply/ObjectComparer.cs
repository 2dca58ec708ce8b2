using System.Text.Json.Nodes;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Apply;

/// <summary>
/// "Does the stored object already say everything we want?" Fields the server adds (defaults, status, uid) are
/// ignored: only what the desired object sets is compared. Quantities compare by value ("1Gi" equals "1024Mi").
/// </summary>
public static class ObjectComparer
{
    public static bool Contains(JsonNode? actual, JsonNode? desired)
    {
        switch (desired)
        {
            case null:
                return true;
            case JsonObject wanted:
                return actual is JsonObject have && wanted.All(p => Contains(have[p.Key], p.Value));
            case JsonArray wantedItems:
                return actual is JsonArray haveItems && haveItems.Count == wantedItems.Count
                       && wantedItems.Select((item, i) => Contains(haveItems[i], item)).All(x => x);
            default:
                return actual is not null && SameValue(actual, desired);
        }
    }

    private static bool SameValue(JsonNode actual, JsonNode desired)
    {
        if (actual.ToJsonString() == desired.ToJsonString())
        {
            return true;
        }

        var a = Unquoted(actual);
        var d = Unquoted(desired);
        if (a == d)
        {
            return true;
        }

        if (!LooksNumeric(a) || !LooksNumeric(d))
        {
            return false;
        }

        try
        {
            return new ResourceQuantity(a).ToDecimal() == new ResourceQuantity(d).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static bool LooksNumeric(string s) => s.Length > 0 && (char.IsAsciiDigit(s[0]) || s[0] is '.' or '+' or '-');

    private static string Unquoted(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
}
