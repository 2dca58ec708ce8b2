namespace ControlPlane.Api.Instances;

public sealed record HealthResponse(string Health, string Reason, string? CurrentPrimary, bool? SynchronouslyDurable, DateTimeOffset? ReportedAt, IReadOnlyList<MemberResponse> Members);
