namespace ControlPlane.Persistence.Entities;

/// <summary>The times a restore can reach: from the end of the oldest backup to the newest archived WAL.</summary>
public sealed record ObservedRecoveryWindow(DateTimeOffset Earliest, DateTimeOffset Latest);
