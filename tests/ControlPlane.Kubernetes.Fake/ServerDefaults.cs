using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>Fields the real API server fills in on its own: cluster IPs, namespace phase, bound claims and their capacity.</summary>
internal static class ServerDefaults
{
    private static int s_nextClusterIp;

    public static void OnCreate(ResourceKind kind, JsonObject obj, ObjectStore store)
    {
        _ = store;
        if (kind == ResourceKinds.Services)
        {
            var spec = obj["spec"] as JsonObject ?? [];
            obj["spec"] = spec;
            if (spec["clusterIP"] is null)
            {
                // Loopback on purpose: nothing in the tests may ever be pointed at a routable address.
                var n = Interlocked.Increment(ref s_nextClusterIp);
                spec["clusterIP"] = $"127.0.{20 + ((n - 1) / 254)}.{1 + ((n - 1) % 254)}";
            }

            spec["type"] ??= "ClusterIP";
        }
        else if (kind == ResourceKinds.Namespaces)
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (kind == ResourceKinds.PersistentVolumeClaims)
        {
            obj["status"] = new JsonObject
            {
                ["phase"] = "Bound",
                ["capacity"] = new JsonObject { ["storage"] = RequestedStorage(obj) },
            };
        }
    }

    public static void OnUpdate(ResourceKind kind, JsonObject obj)
    {
        // Volume expansion succeeds at once: the capacity follows the request.
        if (kind == ResourceKinds.PersistentVolumeClaims && obj["status"] is JsonObject status)
        {
            status["capacity"] = new JsonObject { ["storage"] = RequestedStorage(obj) };
        }
    }

    private static string? RequestedStorage(JsonObject pvc) =>
        pvc["spec"]?["resources"]?["requests"]?["storage"]?.GetValue<string>();
}
