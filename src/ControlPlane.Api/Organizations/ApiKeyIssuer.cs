using ControlPlane.Api.Audit;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Options;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Organizations;

/// <summary>The rules for keys: who may issue and revoke which, the per-organisation cap, expiry in the future.</summary>
public sealed class ApiKeyIssuer(ControlPlaneDbContext db, AuditLog audit, ApiKeyCache cache, TimeProvider timeProvider, IOptions<AuthOptions> options)
{
    public async Task<KeyOutcome> IssueMemberKeyAsync(Caller caller, Guid organizationId, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (!caller.CanSee(organizationId) || !await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            return new KeyOutcome.NotFound($"Organization {organizationId}");
        }

        if (expiresAt <= now)
        {
            return new KeyOutcome.ExpiryNotInFuture();
        }

        // Two racing creates may both pass this count; the cap bounds growth, it is not an exact quota.
        var max = options.Value.MaxKeysPerOrganization;
        var active = await db.ApiKeys.CountAsync(
            k => k.OrganizationId == organizationId && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);
        if (active >= max)
        {
            return new KeyOutcome.LimitReached(max);
        }

        var (key, secret) = ApiKey.Issue(organizationId, ApiKeyRole.Member, name, now, expiresAt);
        db.ApiKeys.Add(key);
        audit.Record(caller, "apikey.create", organizationId, null, new { key.Id, key.Name, key.ExpiresAt });
        await db.SaveChangesAsync(cancellationToken);
        return new KeyOutcome.Issued(key, secret);
    }

    public async Task<KeyOutcome> IssueSupportKeyAsync(Caller caller, string person, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (expiresAt <= now)
        {
            return new KeyOutcome.ExpiryNotInFuture();
        }

        var (key, secret) = ApiKey.Issue(null, ApiKeyRole.Support, person, now, expiresAt);
        db.ApiKeys.Add(key);
        audit.Record(caller, "supportkey.create", null, null, new { key.Id, key.Name, key.ExpiresAt });
        await db.SaveChangesAsync(cancellationToken);
        return new KeyOutcome.Issued(key, secret);
    }

    /// <summary>Members revoke their organisation's keys; support revokes any key, support keys included.</summary>
    public async Task<KeyOutcome> RevokeAsync(Caller caller, Guid keyId, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        var visible = key is not null && (key.OrganizationId is { } orgId ? caller.CanSee(orgId) : caller.IsSupport);
        if (!visible)
        {
            return new KeyOutcome.NotFound($"API key {keyId}");
        }

        audit.Record(caller, key!.Role == ApiKeyRole.Support ? "supportkey.revoke" : "apikey.revoke", key.OrganizationId, null, new { key.Id, key.Name });
        await ApiKeyRevocations.RevokeAsync(db, key, timeProvider.GetUtcNow(), cancellationToken);
        cache.Evict(Convert.ToHexString(key.KeyHash));
        return new KeyOutcome.Revoked();
    }
}
