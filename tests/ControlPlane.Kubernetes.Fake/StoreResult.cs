using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>What the store answers: an HTTP status code and the JSON body (an object, a list or a v1 Status).</summary>
internal sealed record StoreResult(int StatusCode, JsonNode Body)
{
    public static StoreResult Status(int code, string reason, string message, ResourceKind? kind = null, string? name = null)
    {
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }

        if (kind is not null)
        {
            details["group"] = kind.Group;
            details["kind"] = kind.Plural;
        }

        return new StoreResult(code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = code < 400 ? "Success" : "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["details"] = details,
            ["code"] = code,
        });
    }

    public static StoreResult NotFound(ResourceKind kind, string name) =>
        Status(404, "NotFound", $"{kind.Plural}{(kind.Group.Length > 0 ? "." + kind.Group : "")} \"{name}\" not found", kind, name);
}
