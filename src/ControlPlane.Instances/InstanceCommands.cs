using ControlPlane.Domain;
using ControlPlane.Domain.Backups;
using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Operations;
using ControlPlane.Domain.Plans;
using ControlPlane.Instances.Idempotency;
using ControlPlane.Instances.Quotas;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ControlPlane.Instances;

/// <summary>
/// The changes one can ask of an instance, and the rules they answer to: create, update, delete, switchover,
/// credential rotation and on-demand backups. Each returns <see cref="ChangeOutcome.Accepted"/> once committed, or a <see cref="Refusal"/>
/// with nothing written. The checks run in the order a caller would fix them: what the request says on its own,
/// whether the instance is there and theirs, the version they read, what runs on it, then the catalogue and quotas.
/// </summary>
public sealed class InstanceCommands(
    ControlPlaneDbContext db,
    InstanceChanges changes,
    IdempotencyStore idempotency,
    ICredentialsVault vault,
    IOptions<CatalogOptions> catalog,
    TimeProvider timeProvider)
{
    /// <param name="organizationId">The organisation a support key creates in; a member key's own is used otherwise.</param>
    public async Task<ChangeOutcome> CreateAsync(Actor actor, NewInstance request, Guid? organizationId, IdempotentRequest? idempotent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var ha = HighAvailabilityChange.Resolve(request.HighAvailability, current: null);
        if (SpecRules.ValidateOnItsOwn(request.StorageGb, ha) is { Count: > 0 } contradictions)
        {
            return new Refusal.Invalid(contradictions);
        }

        if ((actor.IsSupport ? organizationId : actor.OrganizationId) is not { } orgId)
        {
            return new Refusal.OrganizationRequired();
        }

        if (actor.IsSupport && !await db.Organizations.AnyAsync(o => o.Id == orgId, cancellationToken))
        {
            return new Refusal.NotFound($"Organization {orgId}");
        }

        if (idempotent is not null && await idempotency.AnswerAgainAsync(orgId, idempotent, forgetExpired: true, cancellationToken) is { } answered)
        {
            return answered;
        }

        var postgresVersion = request.PostgresVersion;
        var restoreRules = new List<DomainError>();
        if (request.Source is { } source)
        {
            // The organisation the instance is created in must own the source, whoever asks: a support key restores
            // within one organisation, never across.
            var from = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == source.InstanceId && i.OrganizationId == orgId, cancellationToken);
            if (from is null)
            {
                return new Refusal.NotFound($"Source instance {source.InstanceId}");
            }

            var window = from.Observed.RecoveryWindow;
            restoreRules.AddRange(RestoreRules.Validate(from.Id, from.PostgresVersion, postgresVersion, source.PointInTime, window?.Earliest, window?.Latest));
            postgresVersion = from.PostgresVersion;
        }

        if (postgresVersion is not { } major)
        {
            return new Refusal.Invalid([new DomainError("required", "postgresVersion is required unless source is given.", "postgresVersion")]);
        }

        var offer = catalog.Value;
        var plans = new PlanCatalog(offer.EffectivePlans);
        var plan = plans.Find(request.Plan);
        var region = request.Region ?? offer.EffectiveRegions[0];
        var spec = new InstanceSpec(request.Plan, major, request.StorageGb ?? plan?.DefaultStorageGb ?? 0, ha);
        var broken = restoreRules.Concat(SpecRules.ValidateAgainstCatalog(spec, plans, offer.EffectivePostgresVersions))
            .Concat(SpecRules.ValidateRegion(region, offer.EffectiveRegions)).ToList();
        if (broken.Count > 0)
        {
            return new Refusal.BreaksRule(broken);
        }

        var demand = QuotaDemand.Create(spec);
        var instance = Instance.Create(orgId, request.Name, region, spec, plan!, vault.GenerateProtected(), timeProvider.GetUtcNow(), request.Source);
        db.Instances.Add(instance);
        var operation = changes.Record(actor, instance, OperationType.Create, "instance.create", new { request.Name, spec.Plan, region, request.Source });
        if (idempotent is not null)
        {
            idempotency.Remember(orgId, idempotent, idempotent.Answer(instance, operation));
        }

        try
        {
            if (await changes.CommitWithinQuotaAsync(orgId, demand, cancellationToken) is { } overQuota)
            {
                return overQuota;
            }
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The name is taken (the unique index on live names decides, so no query checks it first: one round trip
            // fewer per create), or a keyed request raced this one: replay its answer if it was the same request.
            db.ChangeTracker.Clear();
            if (idempotent is not null && await idempotency.AnswerAgainAsync(orgId, idempotent, forgetExpired: false, cancellationToken) is { } raced)
            {
                return raced;
            }

            return new Refusal.NameTaken(request.Name);
        }

        return new ChangeOutcome.Accepted(instance, operation);
    }

    /// <param name="precondition">The version the caller read; required, so a change never overwrites one it did not see.</param>
    public async Task<ChangeOutcome> UpdateAsync(Actor actor, Guid id, SpecChange request, Precondition? precondition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = await FindVisibleAsync(actor, id, cancellationToken);
        if (instance is null)
        {
            return new Refusal.NotFound($"Instance {id}");
        }

        if ((Check(precondition, instance) ?? await BlockedAsync(instance, cancellationToken) ?? Unchangeable(instance)) is { } refused)
        {
            return refused;
        }

        var current = instance.Spec;
        var next = new InstanceSpec(request.Plan ?? current.Plan, current.PostgresVersion, request.StorageGb ?? current.StorageGb,
            HighAvailabilityChange.Resolve(request.HighAvailability, current.HighAvailability));
        if (SpecRules.ValidateOnItsOwn(next.StorageGb, next.HighAvailability) is { Count: > 0 } contradictions)
        {
            return new Refusal.Invalid(contradictions);
        }

        var plans = new PlanCatalog(catalog.Value.EffectivePlans);
        var broken = SpecRules.ValidateAgainstCatalog(next, plans, catalog.Value.EffectivePostgresVersions)
            .Concat(SpecRules.ValidateChange(current, next)).ToList();
        if (broken.Count > 0)
        {
            return new Refusal.BreaksRule(broken);
        }

        if (next == current)
        {
            return new Refusal.Unprocessable("The request changes nothing.");
        }

        var demand = QuotaDemand.Change(current, next);
        instance.BeginUpdate(next, plans.Find(next.Plan)!, timeProvider.GetUtcNow());
        var operation = changes.Record(actor, instance, OperationType.Update, "instance.update", new { from = current, to = next });
        if (await changes.CommitWithinQuotaAsync(instance.OrganizationId, demand, cancellationToken) is { } overQuota)
        {
            return overQuota;
        }

        return new ChangeOutcome.Accepted(instance, operation);
    }

    /// <param name="precondition">Optional: when given, the delete applies only to that version.</param>
    public async Task<ChangeOutcome> DeleteAsync(Actor actor, Guid id, Precondition? precondition, CancellationToken cancellationToken)
    {
        var instance = await FindVisibleAsync(actor, id, cancellationToken);
        if (instance is null)
        {
            return new Refusal.NotFound($"Instance {id}");
        }

        if (precondition is not null && Check(precondition, instance) is { } stale)
        {
            return stale;
        }

        if (!InstanceLifecycle.CanDelete(instance.Status))
        {
            var active = await changes.ActiveOperationAsync(instance.Id, cancellationToken);
            return new Refusal.Conflict($"The instance is already {EnumWords.Word(instance.Status)}.", active is null ? null : BlockingOperation.Of(active));
        }

        // A delete supersedes whatever else was in flight: the worker acts on the newest desired state.
        var now = timeProvider.GetUtcNow();
        instance.BeginDelete(now);
        var operation = changes.Record(actor, instance, OperationType.Delete, "instance.delete", null);
        foreach (var active in await db.Operations.Where(o => o.InstanceId == id && o.Id != operation.Id
                     && (o.Status == OperationStatus.Pending || o.Status == OperationStatus.Running)).ToListAsync(cancellationToken))
        {
            active.Supersede(operation.Id, now);
        }

        await changes.CommitAsync(cancellationToken);
        return new ChangeOutcome.Accepted(instance, operation);
    }

    /// <param name="targetMember">The member to promote; null lets Patroni choose.</param>
    public async Task<ChangeOutcome> SwitchoverAsync(Actor actor, Guid id, string? targetMember, CancellationToken cancellationToken)
    {
        var instance = await FindVisibleAsync(actor, id, cancellationToken);
        if (instance is null)
        {
            return new Refusal.NotFound($"Instance {id}");
        }

        if (!instance.HaEnabled)
        {
            return new Refusal.Conflict("Switchover needs high availability: this instance has a single member.");
        }

        if (await BlockedAsync(instance, cancellationToken) is { } blocked)
        {
            return blocked;
        }

        if (instance.Status != InstanceStatus.Available)
        {
            return new Refusal.Conflict($"The instance is {EnumWords.Word(instance.Status)}; switchover needs it {EnumWords.Word(InstanceStatus.Available)}.");
        }

        if (targetMember is not null && SwitchoverTargets.Check(instance, targetMember) is { } refusal)
        {
            return refusal;
        }

        // The worker names this leader to Patroni, which refuses the request once another member leads.
        var leader = SwitchoverTargets.CurrentLeader(instance);
        instance.NoteSwitchoverRequested(timeProvider.GetUtcNow());
        var operation = changes.Record(actor, instance, OperationType.Switchover, "instance.switchover", new { targetMember, fromMember = leader }, targetMember, leader);
        await changes.CommitAsync(cancellationToken);
        return new ChangeOutcome.Accepted(instance, operation);
    }

    public async Task<ChangeOutcome> RotateCredentialsAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var instance = await FindVisibleAsync(actor, id, cancellationToken);
        if (instance is null)
        {
            return new Refusal.NotFound($"Instance {id}");
        }

        if ((await BlockedAsync(instance, cancellationToken) ?? Unchangeable(instance)) is { } refused)
        {
            return refused;
        }

        instance.BeginCredentialRotation(vault.WithNewPassword(instance.CredentialsProtected), timeProvider.GetUtcNow());
        var operation = changes.Record(actor, instance, OperationType.RotateCredentials, "instance.connection.rotate", null);
        await changes.CommitAsync(cancellationToken);
        return new ChangeOutcome.Accepted(instance, operation);
    }

    /// <summary>An on-demand backup of a running instance; one operation at a time, as for every change.</summary>
    public async Task<ChangeOutcome> BackupAsync(Actor actor, Guid id, BackupKind kind, CancellationToken cancellationToken)
    {
        var instance = await FindVisibleAsync(actor, id, cancellationToken);
        if (instance is null)
        {
            return new Refusal.NotFound($"Instance {id}");
        }

        if (await BlockedAsync(instance, cancellationToken) is { } blocked)
        {
            return blocked;
        }

        if (instance.Status != InstanceStatus.Available)
        {
            return new Refusal.Conflict($"The instance is {EnumWords.Word(instance.Status)}; a backup needs it {EnumWords.Word(InstanceStatus.Available)}.");
        }

        var operation = changes.RecordBackup(actor, instance, kind);
        await changes.CommitAsync(cancellationToken);
        return new ChangeOutcome.Accepted(instance, operation);
    }

    private async Task<Instance?> FindVisibleAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        return instance is not null && actor.CanSee(instance.OrganizationId) ? instance : null;
    }

    private static Refusal? Check(Precondition? precondition, Instance instance)
    {
        if (precondition is null)
        {
            return new Refusal.PreconditionRequired();
        }

        var current = InstanceVersion.Tag(instance);
        return precondition.Allows(current) ? null : new Refusal.PreconditionFailed(current);
    }

    private async Task<Refusal?> BlockedAsync(Instance instance, CancellationToken cancellationToken)
    {
        if (instance.Status is InstanceStatus.Deleting or InstanceStatus.Deleted)
        {
            return new Refusal.Conflict($"The instance is {EnumWords.Word(instance.Status)}.");
        }

        var active = await changes.ActiveOperationAsync(instance.Id, cancellationToken);
        return active is null ? null : new Refusal.Blocked(BlockingOperation.Of(active));
    }

    /// <summary>With nothing running, the lifecycle table still decides: a change moves the instance to updating.</summary>
    private static Refusal? Unchangeable(Instance instance) =>
        InstanceLifecycle.CanChange(instance.Status)
            ? null
            : new Refusal.Conflict(
                $"The instance is {EnumWords.Word(instance.Status)}; a change needs it {EnumWords.Word(InstanceStatus.Available)} or {EnumWords.Word(InstanceStatus.Failed)}.");
}
