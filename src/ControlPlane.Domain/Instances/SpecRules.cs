using ControlPlane.Domain.Plans;

namespace ControlPlane.Domain.Instances;

/// <summary>
/// Pure rules that a spec, and a change from one spec to another, must satisfy: each rule is checked here only, with
/// one message, naming the field as the JSON does. <see cref="ValidateOnItsOwn"/> finds a spec that contradicts
/// itself whatever is offered (a malformed request); the others judge a sound spec against the catalogue and the
/// instance it would change.
/// </summary>
public static class SpecRules
{
    /// <param name="storageGb">Null when the request left it to the plan's default, which is sound by definition.</param>
    public static IReadOnlyList<DomainError> ValidateOnItsOwn(int? storageGb, HighAvailabilitySpec ha)
    {
        var errors = new List<DomainError>();
        if (storageGb < 1)
        {
            errors.Add(new("invalid_storage", "storageGb must be at least 1.", "storageGb"));
        }

        errors.AddRange(ValidateHighAvailability(ha));
        return errors;
    }

    public static IReadOnlyList<DomainError> ValidateHighAvailability(HighAvailabilitySpec ha)
    {
        var errors = new List<DomainError>();
        if (ha.Enabled && ha.Replicas is < 1 or > HighAvailabilitySpec.MaxReplicas)
        {
            errors.Add(new("invalid_replicas", "With high availability enabled, replicas must be 1 or 2.", "highAvailability.replicas"));
        }

        if (!ha.Enabled && ha.Replicas != 0)
        {
            errors.Add(new("invalid_replicas", "With high availability disabled, replicas must be 0.", "highAvailability.replicas"));
        }

        if (ha.ReplicationMode == ReplicationMode.Asynchronous && ha.DataDurability == DataDurability.Required)
        {
            errors.Add(new("invalid_durability",
                $"dataDurability '{EnumWords.Word(DataDurability.Required)}' needs {EnumWords.Word(ReplicationMode.Synchronous)} replication.",
                "highAvailability.dataDurability"));
        }

        return errors;
    }

    /// <summary>What the catalogue offers: the plan, the PostgreSQL major, the plan's storage limit.</summary>
    public static IReadOnlyList<DomainError> ValidateAgainstCatalog(InstanceSpec spec, PlanCatalog plans, IReadOnlyCollection<int> postgresVersions)
    {
        var errors = new List<DomainError>();
        var plan = plans.Find(spec.Plan);
        if (plan is null)
        {
            errors.Add(new("unknown_plan", $"Plan '{spec.Plan}' does not exist; see GET /v1/plans.", "plan"));
        }

        if (!postgresVersions.Contains(spec.PostgresVersion))
        {
            errors.Add(new("unsupported_version",
                $"PostgreSQL {spec.PostgresVersion} is not offered; supported: {string.Join(", ", postgresVersions.Order())}.",
                "postgresVersion"));
        }

        if (plan is not null && spec.StorageGb > plan.MaxStorageGb)
        {
            errors.Add(new("invalid_storage", $"Plan '{plan.Name}' allows at most {plan.MaxStorageGb} GB.", "storageGb"));
        }

        return errors;
    }

    public static IReadOnlyList<DomainError> ValidateRegion(string region, IReadOnlyCollection<string> regions) =>
        regions.Contains(region)
            ? []
            : [new("unknown_region", $"Region '{region}' is not offered; available: {string.Join(", ", regions)}.", "region")];

    public static IReadOnlyList<DomainError> ValidateChange(InstanceSpec current, InstanceSpec next)
    {
        var errors = new List<DomainError>();
        if (next.StorageGb < current.StorageGb)
        {
            errors.Add(new("storage_shrink", $"Storage can only grow (currently {current.StorageGb} GB).", "storageGb"));
        }

        if (next.PostgresVersion != current.PostgresVersion)
        {
            errors.Add(new("version_change", "Changing the PostgreSQL major version is not supported.", "postgresVersion"));
        }

        return errors;
    }
}
