using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Persistence.Entities;

/// <summary>
/// Only the SHA-256 of the key is kept; the key itself is shown once, when created. A member key belongs to one
/// organisation; a support key belongs to none and is named for the person who holds it.
/// </summary>
public sealed class ApiKey
{
    public const string SecretPrefix = "cpk_";

    public Guid Id { get; private set; }

    public Guid? OrganizationId { get; private set; }

    public ApiKeyRole Role { get; private set; }

    public string Name { get; private set; } = "";

    public byte[] KeyHash { get; private set; } = [];

    /// <summary>The first characters of the key, so a user can tell keys apart without the secret.</summary>
    public string Prefix { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>After this the key is refused; null for a key that does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Roughly when the key was last used: written at most once a minute per key, so reads cost no write each.</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    private ApiKey()
    {
    }

    /// <summary>A new key and its secret (256 random bits), which the caller shows once and never stores.</summary>
    public static (ApiKey Key, string Secret) Issue(Guid? organizationId, ApiKeyRole role, string name, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organizationId,
            Role = role,
            Name = name,
            KeyHash = Hash(secret),
            Prefix = secret.Length > 10 ? secret[..10] : secret,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        return (key, secret);
    }

    /// <summary>A fast hash is right for 256-bit random keys: unlike passwords they cannot be guessed.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
