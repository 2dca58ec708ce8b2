namespace ControlPlane.Api.Plans;

public sealed record PlanResponse(string Name, decimal VCpu, int MemoryMb, int DefaultStorageGb, int MaxStorageGb);
