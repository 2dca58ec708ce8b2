using ControlPlane.Domain.Instances;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Quotas;

/// <summary>
/// The one place an organisation's quotas are checked: instances and gigabytes of volume, before a create or a change
/// that grows them. <see cref="CheckAsync"/> refuses early without a lock; <see cref="EnforceAsync"/> decides, inside
/// the change's transaction after its rows are written and just before the commit, so concurrent requests of one
/// organisation cannot both pass on the same usage. Locking last matters: the organisation's row lock serialises its
/// creates, and held from the start of a request it queued an organisation's creates behind each other's inserts until
/// the connection pool ran out (seen in the two-API bench at 200 creates/s). FOR NO KEY UPDATE serialises quota checks
/// only: foreign-key checks of other inserts (instances, keys) take KEY SHARE, which it does not block.
/// </summary>
public sealed class OrganizationQuotas(ControlPlaneDbContext db, IOptions<QuotaOptions> options)
{
    public const string Instances = "instances";
    public const string StorageGb = "storageGb";

    /// <returns>Null when the demand fits today's usage, else a 409 naming the quota. Not a promise: <see cref="EnforceAsync"/> decides.</returns>
    public async Task<ProblemHttpResult?> CheckAsync(Guid organizationId, QuotaDemand demand, CancellationToken cancellationToken)
    {
        if (!demand.IsGrowth)
        {
            return null;
        }

        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        var usage = await UsageAsync(organizationId, cancellationToken);
        return Refusal(LimitsOf(organization), usage, demand);
    }

    /// <summary>
    /// Locks the organisation's row and counts its usage, which includes this transaction's own change. Call inside the
    /// transaction, after the change is saved; the lock is held until the commit or rollback that follows.
    /// </summary>
    /// <returns>Null when the usage with the change fits, else a 409 naming the quota (the caller rolls back).</returns>
    internal async Task<ProblemHttpResult?> EnforceAsync(Guid organizationId, QuotaDemand demand, CancellationToken cancellationToken)
    {
        var organization = (await db.Organizations
            .FromSql($"SELECT * FROM organizations WHERE id = {organizationId} FOR NO KEY UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken)).SingleOrDefault();
        var withChange = await UsageAsync(organizationId, cancellationToken);
        var before = new QuotaUsage(withChange.Instances - demand.Instances, withChange.StorageGb - demand.StorageGb);
        return Refusal(LimitsOf(organization), before, demand);
    }

    private static ProblemHttpResult? Refusal(QuotaUsage limits, QuotaUsage usage, QuotaDemand demand) =>
        demand.Instances > 0 && usage.Instances + demand.Instances > limits.Instances
            ? QuotaProblems.Exceeded(Instances, limits.Instances, usage.Instances, demand.Instances, "instances")
        : demand.StorageGb > 0 && usage.StorageGb + demand.StorageGb > limits.StorageGb
            ? QuotaProblems.Exceeded(StorageGb, limits.StorageGb, usage.StorageGb, demand.StorageGb, "GB of volume (storage × members)")
        : null;

    public QuotaUsage LimitsOf(Organization? organization) => new(
        organization?.MaxInstances ?? options.Value.MaxInstances,
        organization?.MaxStorageGb ?? options.Value.MaxStorageGb);

    /// <summary>What the organisation's instances not yet deleted hold.</summary>
    public async Task<QuotaUsage> UsageAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var live = db.Instances.Where(i => i.OrganizationId == organizationId && i.Status != InstanceStatus.Deleted);
        var count = await live.CountAsync(cancellationToken);
        var storage = count == 0 ? 0 : await live.SumAsync(i => (long)i.StorageGb * (1 + (i.HaEnabled ? i.Replicas : 0)), cancellationToken);
        return new QuotaUsage(count, storage);
    }
}
