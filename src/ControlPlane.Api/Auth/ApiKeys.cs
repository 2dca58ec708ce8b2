using System.Security.Cryptography;

namespace ControlPlane.Api.Auth;

/// <summary>Random secrets for instance credentials (API keys themselves are issued by <see cref="Persistence.Entities.ApiKey.Issue"/>).</summary>
public static class ApiKeys
{
    public static string GenerateSecret(int bytes = 24) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
