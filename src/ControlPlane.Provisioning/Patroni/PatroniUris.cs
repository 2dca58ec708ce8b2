namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// A member's API address comes either as a base ("http://10.0.0.5:8008/") or as Patroni's own api_url, which
/// already ends in "/patroni": keep only scheme, host and port, then add the endpoint wanted.
/// </summary>
public static class PatroniUris
{
    public static Uri For(Uri apiUrl, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        return new UriBuilder(apiUrl.Scheme, apiUrl.Host, apiUrl.Port, "/" + endpoint.TrimStart('/')).Uri;
    }

    public static Uri? TryParse(string? apiUrl) =>
        Uri.TryCreate(apiUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
