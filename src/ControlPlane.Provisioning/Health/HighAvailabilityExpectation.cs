using ControlPlane.Domain.Instances;

namespace ControlPlane.Provisioning.Health;

/// <summary>What the customer asked of the instance's members, as far as health is concerned.</summary>
public sealed record HighAvailabilityExpectation(int Members, bool Synchronous, bool Strict)
{
    public static HighAvailabilityExpectation From(HighAvailabilitySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(spec.Members, spec.Synchronous, spec.Strict);
    }
}
