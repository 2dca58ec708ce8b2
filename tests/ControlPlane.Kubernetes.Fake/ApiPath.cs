namespace ControlPlane.Kubernetes.Fake;

/// <summary>A request path taken apart: /api/v1/namespaces/{ns}/{plural}/{name}/{subresource} and the /apis/{group}/{version} forms.</summary>
internal sealed record ApiPath(ResourceKind Kind, string? Namespace, string? Name, string? Subresource)
{
    public static ApiPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        string[] rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], segments[2..]);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            return null;
        }

        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && rest[2] is not ("status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }

        var kind = ResourceKinds.Find(group, version, rest[0]);
        if (kind is null || rest.Length > 3)
        {
            return null;
        }

        return new ApiPath(kind, ns, rest.Length > 1 ? rest[1] : null, rest.Length > 2 ? rest[2] : null);
    }
}
