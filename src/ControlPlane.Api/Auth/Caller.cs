using System.Security.Claims;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Api.Auth;

/// <summary>Who is calling: a member of one organisation, or support staff across all of them.</summary>
/// <param name="KeyId">The key's id; null for the bootstrap support key from configuration.</param>
/// <param name="KeyName">The key's name (for a support key, the person); "bootstrap" for the configured key.</param>
public sealed record Caller(Guid? KeyId, ApiKeyRole Role, Guid? OrganizationId, string KeyName)
{
    public const string KeyIdClaim = "cp:key";
    public const string RoleClaim = "cp:role";
    public const string OrganizationClaim = "cp:org";
    public const string KeyNameClaim = "cp:name";
    public const string BootstrapName = "bootstrap";

    public bool IsSupport => Role == ApiKeyRole.Support;

    public bool IsBootstrap => KeyId is null && IsSupport;

    public string RoleName => Role.ToString().ToLowerInvariant();

    /// <summary>Members see their own organisation only; support sees everything.</summary>
    public bool CanSee(Guid organizationId) => IsSupport || OrganizationId == organizationId;

    public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
        [
            new Claim(KeyIdClaim, KeyId?.ToString() ?? ""),
            new Claim(RoleClaim, Role.ToString()),
            new Claim(OrganizationClaim, OrganizationId?.ToString() ?? ""),
            new Claim(KeyNameClaim, KeyName),
        ],
        scheme));

    public static Caller From(ClaimsPrincipal user)
    {
        var role = Enum.Parse<ApiKeyRole>(user.FindFirstValue(RoleClaim) ?? nameof(ApiKeyRole.Member));
        var key = user.FindFirstValue(KeyIdClaim);
        var org = user.FindFirstValue(OrganizationClaim);
        return new Caller(
            Guid.TryParse(key, out var keyId) ? keyId : null,
            role,
            Guid.TryParse(org, out var orgId) ? orgId : null,
            user.FindFirstValue(KeyNameClaim) ?? "");
    }
}
