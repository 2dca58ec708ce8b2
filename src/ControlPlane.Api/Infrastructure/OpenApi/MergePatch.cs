namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>RFC 7396: a field left out keeps its value. The JSON body reader takes any +json type, so only the document needs telling.</summary>
public static class MergePatch
{
    public const string MediaType = "application/merge-patch+json";
}
