using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Auth;

/// <summary>
/// Revoking a key tells every API process at once: a NOTIFY on the metadata database, sent in the revoking transaction
/// (PostgreSQL delivers it only if that commits), which <see cref="ApiKeyRevocationListener"/> turns into a cache eviction.
/// </summary>
public static class ApiKeyRevocations
{
    public const string Channel = "controlplane_api_key_revoked";

    /// <summary>Revokes <paramref name="key"/> and saves the unit of work (audit entry included) with the notice, in one transaction.</summary>
    public static async Task RevokeAsync(ControlPlaneDbContext db, ApiKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        key.Revoke(now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var payload = Convert.ToHexString(key.KeyHash);
        await db.Database.ExecuteSqlAsync($"select pg_notify({Channel}, {payload})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
