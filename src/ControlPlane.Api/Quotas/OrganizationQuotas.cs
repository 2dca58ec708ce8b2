using ControlPlane.Domain.Instances;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Quotas;

/// <summary>
/// The one place an organisation's quotas are checked: instances and gigabytes of volume, before a create or a change
/// that grows them. Concurrent requests of one organisation must not both pass on the same usage, so the check locks
/// the organisation's row for the rest of the request's transaction, which it opens; <c>InstanceChanges.CommitAsync</c>
/// commits it with the change, and a refusal rolls it back. FOR NO KEY UPDATE serialises quota checks only: foreign-key
/// checks of other inserts (instances, keys) take KEY SHARE, which it does not block.
/// </summary>
public sealed class OrganizationQuotas(ControlPlaneDbContext db, IOptions<QuotaOptions> options)
{
    public const string Instances = "instances";
    public const string StorageGb = "storageGb";

    /// <returns>Null when the demand fits (the lock is then held until the transaction ends), else a 409 naming the quota.</returns>
    public async Task<ProblemHttpResult?> CheckAsync(Guid organizationId, QuotaDemand demand, CancellationToken cancellationToken)
    {
        if (!demand.IsGrowth)
        {
            return null;
        }

        if (db.Database.CurrentTransaction is null)
        {
            await db.Database.BeginTransactionAsync(cancellationToken);
        }

        var organization = (await db.Organizations
            .FromSql($"SELECT * FROM organizations WHERE id = {organizationId} FOR NO KEY UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken)).SingleOrDefault();
        var usage = await UsageAsync(organizationId, cancellationToken);
        var limits = LimitsOf(organization);
        var problem =
            demand.Instances > 0 && usage.Instances + demand.Instances > limits.Instances
                ? QuotaProblems.Exceeded(Instances, limits.Instances, usage.Instances, demand.Instances, "instances")
            : demand.StorageGb > 0 && usage.StorageGb + demand.StorageGb > limits.StorageGb
                ? QuotaProblems.Exceeded(StorageGb, limits.StorageGb, usage.StorageGb, demand.StorageGb, "GB of volume (storage × members)")
            : null;
        if (problem is not null)
        {
            await db.Database.RollbackTransactionAsync(cancellationToken);
        }

        return problem;
    }

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
