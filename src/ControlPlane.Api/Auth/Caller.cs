using System.Security.Claims;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Api.Auth;

/// <summary>Who is calling: a member of one organisation, or support staff across all of them.</summary>
public sealed record Caller(Guid? KeyId, ApiKeyRole Role, Guid? OrganizationId)
{
    public const string KeyIdClaim = "cp:key";
    public const string RoleClaim = "cp:role";
    public const string OrganizationClaim = "cp:org";

    public bool IsSupport => Role == ApiKeyRole.Support;

    public string RoleName => Role.ToString().ToLowerInvariant();

    /// <summary>Members see their own organisation only; support sees everything.</summary>
    public bool CanSee(Guid organizationId) => IsSupport || OrganizationId == organizationId;

    public static Caller From(ClaimsPrincipal user)
    {
        var role = Enum.Parse<ApiKeyRole>(user.FindFirstValue(RoleClaim) ?? nameof(ApiKeyRole.Member));
        var key = user.FindFirstValue(KeyIdClaim);
        var org = user.FindFirstValue(OrganizationClaim);
        return new Caller(
            Guid.TryParse(key, out var keyId) ? keyId : null,
            role,
            Guid.TryParse(org, out var orgId) ? orgId : null);
    }
}
