using ControlPlane.Api.Instances;
using ControlPlane.Domain.Instances;

namespace ControlPlane.Api.Tests;

/// <summary>Pure: how a request's omitted fields are filled, on create (product defaults) and on change (current values).</summary>
public sealed class SpecBuilderTests
{
    private static readonly HighAvailabilitySpec SingleAsync = new(true, 1, ReplicationMode.Asynchronous, DataDurability.Preferred);

    [Fact]
    public void Should_default_to_two_synchronous_replicas_with_preferred_durability()
    {
        Assert.Equal(new HighAvailabilitySpec(true, 2, ReplicationMode.Synchronous, DataDurability.Preferred), SpecBuilder.HighAvailability(null));
    }

    [Fact]
    public void Should_default_replicas_to_zero_when_high_availability_is_turned_off()
    {
        Assert.Equal(HighAvailabilitySpec.Off, SpecBuilder.HighAvailability(new HighAvailabilityRequest(false, null, null, null)));
    }

    [Fact]
    public void Should_keep_current_values_for_omitted_fields_on_change()
    {
        Assert.Equal(SingleAsync, SpecBuilder.HighAvailability(null, SingleAsync));
        Assert.Equal(SingleAsync with { Replicas = 2 }, SpecBuilder.HighAvailability(new HighAvailabilityRequest(null, 2, null, null), SingleAsync));
    }

    [Fact]
    public void Should_restore_the_recommended_replicas_when_high_availability_is_turned_back_on()
    {
        var next = SpecBuilder.HighAvailability(new HighAvailabilityRequest(true, null, null, null), HighAvailabilitySpec.Off);

        Assert.Equal((true, 2), (next.Enabled, next.Replicas));
    }

    [Fact]
    public void Should_drop_required_durability_when_switching_to_asynchronous_without_naming_it()
    {
        var strict = new HighAvailabilitySpec(true, 2, ReplicationMode.Synchronous, DataDurability.Required);

        var next = SpecBuilder.HighAvailability(new HighAvailabilityRequest(null, null, "asynchronous", null), strict);

        Assert.Equal((ReplicationMode.Asynchronous, DataDurability.Preferred), (next.ReplicationMode, next.DataDurability));
        Assert.Empty(SpecRules.ValidateHighAvailability(next));
    }
}
