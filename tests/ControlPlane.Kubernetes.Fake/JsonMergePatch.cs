using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// RFC 7386 JSON merge patch. Strategic merge patches are applied the same way: the double does not know the
/// per-field merge keys, which is fine as long as the client sends whole lists (the driver does).
/// </summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }
}
