using System.Security.Cryptography;
using System.Text;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Instances;

/// <summary>
/// `Idempotency-Key`: the same key and body within 24 hours replays the first answer; the same key with another
/// body is a 422. The record is written in the same transaction as the change.
/// </summary>
public sealed class IdempotencyKeys(ControlPlaneDbContext db, TimeProvider timeProvider)
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static string Hash(string route, string body) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(route + "\n" + body)));

    public Task<IdempotencyRecord?> FindAsync(Guid organizationId, string key, CancellationToken cancellationToken)
    {
        var since = timeProvider.GetUtcNow() - Window;
        return db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.OrganizationId == organizationId && r.Key == key && r.CreatedAt > since, cancellationToken);
    }

    public async Task ForgetExpiredAsync(Guid organizationId, string key, CancellationToken cancellationToken)
    {
        var since = timeProvider.GetUtcNow() - Window;
        await db.IdempotencyRecords.Where(r => r.OrganizationId == organizationId && r.Key == key && r.CreatedAt <= since)
            .ExecuteDeleteAsync(cancellationToken);
    }

    public void Remember(Guid organizationId, string key, string requestHash, int status, string body, string? location) =>
        db.IdempotencyRecords.Add(IdempotencyRecord.Create(organizationId, key, requestHash, status, body, location, timeProvider.GetUtcNow()));
}
