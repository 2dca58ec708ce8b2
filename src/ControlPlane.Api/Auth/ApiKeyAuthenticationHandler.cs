using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using ControlPlane.Api.Options;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Auth;

/// <summary>
/// `Authorization: Bearer &lt;api key&gt;`: the key's SHA-256 is looked up (cached briefly) and turned into a principal
/// with the key id, role and organisation.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IMemoryCache cache,
    IOptions<AuthOptions> authOptions,
    ControlPlaneDbContext db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length == 0)
        {
            return AuthenticateResult.Fail("Empty API key.");
        }

        var caller = await ResolveAsync(key);
        if (caller is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        Claim[] claims =
        [
            new(Caller.KeyIdClaim, caller.KeyId?.ToString() ?? ""),
            new(Caller.RoleClaim, caller.Role.ToString()),
            new(Caller.OrganizationClaim, caller.OrganizationId?.ToString() ?? ""),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private async Task<Caller?> ResolveAsync(string key)
    {
        var hash = ApiKeys.Hash(key);
        var bootstrap = authOptions.Value.BootstrapSupportKey;
        if (!string.IsNullOrEmpty(bootstrap) && CryptographicOperations.FixedTimeEquals(hash, ApiKeys.Hash(bootstrap)))
        {
            return new Caller(null, ApiKeyRole.Support, null);
        }

        var cacheKey = "apikey:" + Convert.ToHexString(hash);
        if (cache.TryGetValue(cacheKey, out Caller? cached))
        {
            return cached;
        }

        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Role, k.OrganizationId })
            .SingleOrDefaultAsync(Context.RequestAborted);
        var caller = row is null ? null : new Caller(row.Id, row.Role, row.OrganizationId);
        cache.Set(cacheKey, caller, authOptions.Value.CacheDuration);
        return caller;
    }
}
