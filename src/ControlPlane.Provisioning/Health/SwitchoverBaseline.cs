using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// Where the detector of a worker that starts following an instance begins while a switchover runs on it: from the
/// leader the switchover was asked of. A worker taking the instance over after the switch (its first pass already sees
/// the new leader) then still sees the change, and records it once, as that switchover, which completes its operation.
/// Only the first tracking of an instance seeds the detector, so a worker that followed all along is not affected.
/// </summary>
public static class SwitchoverBaseline
{
    public static LeaderSighting? For(PendingSwitchover? switchover, LeaderSighting? seen) =>
        switchover?.Leader is { } requestedOf && seen is not null && !string.Equals(seen.Member, requestedOf, StringComparison.Ordinal)
            ? new LeaderSighting(requestedOf, seen.SeenAt)
            : seen;
}
