namespace ControlPlane.Domain.Plans;

/// <summary>A size from the catalogue. Memory in MiB so PostgreSQL settings can be derived without rounding.</summary>
public sealed record Plan(string Name, decimal VCpu, int MemoryMb, int DefaultStorageGb, int MaxStorageGb);
