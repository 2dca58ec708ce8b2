namespace ControlPlane.Kubernetes.Fake;

/// <summary>One request as the fake saw it, for assertions such as "the second reconcile wrote nothing".</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType)
{
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    public bool IsWatch => Query.Contains("watch=true", StringComparison.Ordinal) || Query.Contains("watch=1", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Path}{Query}";
}
