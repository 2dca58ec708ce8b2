namespace ControlPlane.Domain.Plans;

/// <summary>The size catalogue; built from configuration, with <see cref="Defaults"/> when none is configured.</summary>
public sealed class PlanCatalog(IEnumerable<Plan> plans)
{
    private readonly Dictionary<string, Plan> _byName = plans.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static IReadOnlyList<Plan> Defaults { get; } =
    [
        new("small", 1m, 2048, 20, 500),
        new("medium", 2m, 8192, 50, 2000),
        new("large", 4m, 16384, 100, 4000),
        new("xlarge", 8m, 32768, 200, 8000),
    ];

    public IReadOnlyCollection<Plan> All => _byName.Values;

    public Plan? Find(string? name) => name is not null && _byName.TryGetValue(name, out var plan) ? plan : null;
}
