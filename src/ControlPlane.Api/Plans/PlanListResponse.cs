namespace ControlPlane.Api.Plans;

public sealed record PlanListResponse(IReadOnlyList<PlanResponse> Items, IReadOnlyList<int> PostgresVersions, IReadOnlyList<string> Regions);
