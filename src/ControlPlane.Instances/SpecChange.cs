using ControlPlane.Domain.Instances;

namespace ControlPlane.Instances;

/// <summary>A change as asked, merge semantics: what is left out keeps its current value.</summary>
public sealed record SpecChange(string? Plan, int? StorageGb, HighAvailabilityChange? HighAvailability);
