namespace ControlPlane.Provisioning.Drivers;

/// <summary>The plan's size, resolved by the control plane, so drivers do not need the catalogue.</summary>
public sealed record PlanResources(string Plan, decimal VCpu, int MemoryMb);
