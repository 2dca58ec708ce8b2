namespace ControlPlane.Kubernetes.Fake;

/// <summary>One REST resource the fake serves: where it lives in the URL space and what kind its objects are.</summary>
public sealed record ResourceKind(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Kinds whose DELETE answers with the deleted object rather than a Status, as the real API server does.</summary>
    public bool DeleteReturnsObject => Plural is "pods" or "services" or "persistentvolumeclaims" or "serviceaccounts" or "resourcequotas";
}
