using ControlPlane.Domain.Plans;

namespace ControlPlane.Domain.Instances;

/// <summary>Pure rules that a spec, and a change from one spec to another, must satisfy.</summary>
public static class SpecRules
{
    public static IReadOnlyList<DomainError> Validate(InstanceSpec spec, PlanCatalog plans, IReadOnlyCollection<int> postgresVersions)
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

        if (spec.StorageGb < 1)
        {
            errors.Add(new("invalid_storage", "storageGb must be at least 1.", "storageGb"));
        }
        else if (plan is not null && spec.StorageGb > plan.MaxStorageGb)
        {
            errors.Add(new("invalid_storage", $"Plan '{plan.Name}' allows at most {plan.MaxStorageGb} GB.", "storageGb"));
        }

        errors.AddRange(ValidateHighAvailability(spec.HighAvailability));
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
            errors.Add(new("invalid_durability", "dataDurability 'required' needs synchronous replication.", "highAvailability.dataDurability"));
        }

        return errors;
    }

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
