using ControlPlane.Instances.Idempotency;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Instances;

/// <summary>What a use case did with a change: a closed set, so each caller maps every case.</summary>
public abstract record ChangeOutcome
{
    private protected ChangeOutcome()
    {
    }

    /// <summary>Committed: the instance as changed and the operation that carries the change out.</summary>
    public sealed record Accepted(Instance Instance, Operation Operation) : ChangeOutcome;

    /// <summary>The same keyed request was answered before: that answer again, nothing changed.</summary>
    public sealed record Replayed(IdempotentAnswer Answer) : ChangeOutcome;
}
