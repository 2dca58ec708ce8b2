using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Instances.Quotas;

/// <summary>Every organisation's limits unless support staff set its own (PATCH /v1/organizations/{id}).</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "ControlPlane:Quotas";

    /// <summary>Instances not yet deleted (a deleting instance still holds its pods and volumes, so it counts).</summary>
    [Range(0, 1_000_000)]
    public int MaxInstances { get; set; } = 20;

    /// <summary>Gigabytes of volume over those instances: storage × members (an HA instance keeps one copy per member).</summary>
    [Range(0, int.MaxValue)]
    public int MaxStorageGb { get; set; } = 2_000;
}
