using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Instances.Idempotency;

/// <summary>
/// Idempotency keys: the same key and request within 24 hours replays the first answer; the same key with another
/// request is refused. The record is written in the same transaction as the change it answers.
/// </summary>
public sealed class IdempotencyStore(ControlPlaneDbContext db, TimeProvider timeProvider)
{
    /// <summary>The column's length: a longer key could not be stored.</summary>
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>
    /// What a keyed request gets instead of being carried out: the first answer to the same request, a refusal of a
    /// key it cannot use, or null to go ahead (then, with <paramref name="forgetExpired"/>, an expired record of the
    /// key is removed so the new answer can take its place).
    /// </summary>
    public async Task<ChangeOutcome?> AnswerAgainAsync(Guid organizationId, IdempotentRequest request, bool forgetExpired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Key is { Length: 0 or > MaxKeyLength })
        {
            return new Refusal.IdempotencyKeyInvalid(MaxKeyLength);
        }

        var since = timeProvider.GetUtcNow() - Window;
        var previous = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.OrganizationId == organizationId && r.Key == request.Key && r.CreatedAt > since, cancellationToken);
        if (previous is not null)
        {
            return previous.RequestHash == request.Fingerprint
                ? new ChangeOutcome.Replayed(new IdempotentAnswer(previous.StatusCode, previous.ResponseBody, previous.Location))
                : new Refusal.IdempotencyKeyReused();
        }

        if (forgetExpired)
        {
            await db.IdempotencyRecords.Where(r => r.OrganizationId == organizationId && r.Key == request.Key && r.CreatedAt <= since)
                .ExecuteDeleteAsync(cancellationToken);
        }

        return null;
    }

    public void Remember(Guid organizationId, IdempotentRequest request, IdempotentAnswer answer) =>
        db.IdempotencyRecords.Add(IdempotencyRecord.Create(organizationId, request.Key, request.Fingerprint, answer.StatusCode, answer.Body,
            answer.Location, timeProvider.GetUtcNow()));
}
