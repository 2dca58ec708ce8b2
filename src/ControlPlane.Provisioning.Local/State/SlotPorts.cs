namespace ControlPlane.Provisioning.Local.State;

/// <summary>The ports of one member slot. The Raft port is the slot's Raft voter: the member's Patroni, or a witness when the slot is empty.</summary>
public sealed record SlotPorts(int Postgres, int Rest, int Raft);
