namespace ControlPlane.Domain.Instances;

/// <summary>
/// A change of status the lifecycle table does not allow. The use cases refuse such a request before asking for it,
/// so this surfaces a bug, or a worker's report that does not fit the instance (the consumer retries, then parks it).
/// </summary>
public sealed class LifecycleTransitionException(InstanceStatus from, InstanceStatus to)
    : InvalidOperationException($"An instance cannot go from {EnumWords.Word(from)} to {EnumWords.Word(to)}.")
{
    public InstanceStatus From { get; } = from;

    public InstanceStatus To { get; } = to;
}
