using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Api.Auth;

/// <summary>
/// Keys are 256 random bits. A fast hash is right for them: unlike passwords they cannot be guessed, and a slow KDF
/// on every request would cap the read path.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "cpk_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string DisplayPrefix(string key) => key.Length > 10 ? key[..10] : key;

    public static string GenerateSecret(int bytes = 24) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
