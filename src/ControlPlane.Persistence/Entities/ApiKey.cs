namespace ControlPlane.Persistence.Entities;

/// <summary>Only the SHA-256 of the key is kept; the key itself is shown once, when created.</summary>
public sealed class ApiKey
{
    public Guid Id { get; private set; }

    public Guid? OrganizationId { get; private set; }

    public ApiKeyRole Role { get; private set; }

    public string Name { get; private set; } = "";

    public byte[] KeyHash { get; private set; } = [];

    /// <summary>The first characters of the key, so a user can tell keys apart without the secret.</summary>
    public string Prefix { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    private ApiKey()
    {
    }

    public static ApiKey Create(Guid? organizationId, ApiKeyRole role, string name, byte[] keyHash, string prefix, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organizationId,
            Role = role,
            Name = name,
            KeyHash = keyHash,
            Prefix = prefix,
            CreatedAt = now,
        };

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
