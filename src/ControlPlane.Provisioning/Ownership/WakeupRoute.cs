namespace ControlPlane.Provisioning.Ownership;

public enum WakeupRoute
{
    /// <summary>This worker owns the instance: queued here.</summary>
    Local,

    /// <summary>Sent to the owner's channel.</summary>
    Forwarded,

    /// <summary>Nobody owns the shard right now; whoever takes it queues every instance of it.</summary>
    NoOwner,
}
