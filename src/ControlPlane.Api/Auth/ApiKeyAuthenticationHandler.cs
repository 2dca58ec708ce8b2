using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using ControlPlane.Api.Options;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Auth;

/// <summary>
/// `Authorization: Bearer &lt;api key&gt;`: the key's SHA-256 is looked up (cached briefly) and turned into a principal
/// with the key id, name, role and organisation. A client address that keeps failing is answered 429 without a lookup.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache cache,
    FailedAuthenticationLimiter failures,
    KeyUsage usage,
    IOptions<AuthOptions> authOptions,
    TimeProvider timeProvider,
    IProblemDetailsService problemDetails,
    ControlPlaneDbContext db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string ThrottledItem = "cp:auth-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var key = header["Bearer ".Length..].Trim();
        var caller = key.Length == 0 ? null : await ResolveAsync(key, address);
        if (caller is null)
        {
            failures.RecordFailure(address);
            return AuthenticateResult.Fail("Unknown, expired or revoked API key.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ThrottledItem))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(failures.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many failed authentications",
                    Detail = "This client sent too many unknown API keys; retry after the time in Retry-After.",
                },
            });
            return;
        }

        // RFC 6750: a 401 names the scheme the client should use; with a key that failed, says the token was the problem.
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
    }

    private async Task<Caller?> ResolveAsync(string key, string address)
    {
        var now = timeProvider.GetUtcNow();
        var hash = ApiKey.Hash(key);
        var settings = authOptions.Value;
        if (settings is { BootstrapSupportKeyEnabled: true, BootstrapSupportKey.Length: > 0 } &&
            CryptographicOperations.FixedTimeEquals(hash, ApiKey.Hash(settings.BootstrapSupportKey)))
        {
            return new Caller(null, ApiKeyRole.Support, null, Caller.BootstrapName);
        }

        var hashHex = Convert.ToHexString(hash);
        var seen = cache.TryGet(hashHex, out var cached);
        if (cached is not null)
        {
            return cached.IsExpired(now) ? null : await TouchAsync(cached.Caller, now);
        }

        // A client over its failure budget, or a key known not to exist, costs no lookup.
        if (failures.IsBlocked(address))
        {
            Context.Items[ThrottledItem] = true;
            return null;
        }

        if (seen)
        {
            return null;
        }

        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Role, k.OrganizationId, k.Name, k.ExpiresAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        var entry = row is null ? null : new CachedKey(new Caller(row.Id, row.Role, row.OrganizationId, row.Name), row.ExpiresAt);
        cache.Add(hashHex, entry);
        return entry is null || entry.IsExpired(now) ? null : await TouchAsync(entry.Caller, now);
    }

    private async Task<Caller> TouchAsync(Caller caller, DateTimeOffset now)
    {
        if (caller.KeyId is { } id && usage.ShouldRecord(id, now))
        {
            await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        return caller;
    }
}
