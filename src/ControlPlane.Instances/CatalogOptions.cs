using ControlPlane.Domain.Plans;

namespace ControlPlane.Instances;

/// <summary>What customers may order: plans, PostgreSQL majors and regions (each region is one worker queue).</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "ControlPlane:Catalog";

    public List<Plan> Plans { get; set; } = [];

    public List<int> PostgresVersions { get; set; } = [];

    public List<string> Regions { get; set; } = [];

    public IReadOnlyList<Plan> EffectivePlans => Plans.Count > 0 ? Plans : PlanCatalog.Defaults;

    public IReadOnlyList<int> EffectivePostgresVersions => PostgresVersions.Count > 0 ? PostgresVersions : [15, 16, 17];

    public IReadOnlyList<string> EffectiveRegions => Regions.Count > 0 ? Regions : ["local"];
}
