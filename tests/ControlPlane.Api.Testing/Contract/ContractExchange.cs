namespace ControlPlane.Api.Testing.Contract;

/// <summary>One request and the response it got, as much of it as the document describes.</summary>
public sealed record ContractExchange(
    string Method,
    string Path,
    int Status,
    string? MediaType,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public override string ToString() => $"{Method} {Path} ({Status})";

    public static ContractExchange From(HttpRequestMessage request, HttpResponseMessage response, string body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }

        var uri = request.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        return new ContractExchange(request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, headers, body);
    }
}
