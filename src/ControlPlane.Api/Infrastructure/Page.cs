namespace ControlPlane.Api.Infrastructure;

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
