using System.Diagnostics.Metrics;

namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// The "ControlPlane.Ownership" meter: shards and instances owned now, and how shards came and went. Acquisitions
/// without handovers or losses elsewhere mean a worker died; losses here mean this worker could not renew in time.
/// </summary>
public sealed class OwnershipMetrics : IDisposable
{
    public const string MeterName = "ControlPlane.Ownership";

    private readonly Meter _meter;
    private readonly Counter<long> _acquired;
    private readonly Counter<long> _handedOver;
    private readonly Counter<long> _lost;
    private Func<int> _ownedShards = () => 0;
    private Func<int> _ownedInstances = () => 0;

    public OwnershipMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _acquired = _meter.CreateCounter<long>("controlplane.ownership.lease_acquisitions", "{lease}",
            "Shard leases this worker acquired (each a new epoch).");
        _handedOver = _meter.CreateCounter<long>("controlplane.ownership.lease_handovers", "{lease}",
            "Shard leases this worker released so that another live worker takes them (rebalancing).");
        _lost = _meter.CreateCounter<long>("controlplane.ownership.lease_losses", "{lease}",
            "Shard leases this worker lost without releasing them: not renewed in time, or taken after expiry.");
        _meter.CreateObservableGauge("controlplane.ownership.owned_shards", () => _ownedShards(), "{shard}",
            "Shards whose leases this worker holds now.");
        _meter.CreateObservableGauge("controlplane.ownership.owned_instances", () => _ownedInstances(), "{instance}",
            "Live instances in the shards this worker holds, as of its last listing.");
    }

    public void Observe(Func<int> ownedShards, Func<int> ownedInstances)
    {
        _ownedShards = ownedShards;
        _ownedInstances = ownedInstances;
    }

    public void Acquired() => _acquired.Add(1);

    public void HandedOver() => _handedOver.Add(1);

    public void Lost() => _lost.Add(1);

    public void Dispose() => _meter.Dispose();
}
