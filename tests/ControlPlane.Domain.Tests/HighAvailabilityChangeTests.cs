using ControlPlane.Domain.Instances;

namespace ControlPlane.Domain.Tests;

/// <summary>Pure: how a request's omitted fields are filled, on create (product defaults) and on change (current values).</summary>
public sealed class HighAvailabilityChangeTests
{
    private static readonly HighAvailabilitySpec SingleAsync = new(true, 1, ReplicationMode.Asynchronous, DataDurability.Preferred);

    [Fact]
    public void Should_default_to_two_synchronous_replicas_with_preferred_durability()
    {
        Assert.Equal(new HighAvailabilitySpec(true, 2, ReplicationMode.Synchronous, DataDurability.Preferred), HighAvailabilityChange.Resolve(null, null));
    }

    [Fact]
    public void Should_default_replicas_to_zero_when_high_availability_is_turned_off()
    {
        Assert.Equal(HighAvailabilitySpec.Off, HighAvailabilityChange.Resolve(new HighAvailabilityChange(false, null, null, null), null));
    }

    [Fact]
    public void Should_keep_current_values_for_omitted_fields_on_change()
    {
        Assert.Equal(SingleAsync, HighAvailabilityChange.Resolve(null, SingleAsync));
        Assert.Equal(SingleAsync with { Replicas = 2 }, HighAvailabilityChange.Resolve(new HighAvailabilityChange(null, 2, null, null), SingleAsync));
    }

    [Fact]
    public void Should_restore_the_recommended_replicas_when_high_availability_is_turned_back_on()
    {
        var next = HighAvailabilityChange.Resolve(new HighAvailabilityChange(true, null, null, null), HighAvailabilitySpec.Off);

        Assert.Equal((true, 2), (next.Enabled, next.Replicas));
    }

    [Fact]
    public void Should_drop_required_durability_when_switching_to_asynchronous_without_naming_it()
    {
        var strict = new HighAvailabilitySpec(true, 2, ReplicationMode.Synchronous, DataDurability.Required);

        var next = HighAvailabilityChange.Resolve(new HighAvailabilityChange(null, null, ReplicationMode.Asynchronous, null), strict);

        Assert.Equal((ReplicationMode.Asynchronous, DataDurability.Preferred), (next.ReplicationMode, next.DataDurability));
        Assert.Empty(SpecRules.ValidateHighAvailability(next));
    }

    [Fact]
    public void Should_keep_a_named_durability_even_when_it_contradicts_the_mode_so_the_rule_can_refuse_it()
    {
        var next = HighAvailabilityChange.Resolve(new HighAvailabilityChange(null, null, ReplicationMode.Asynchronous, DataDurability.Required), null);

        Assert.Equal("highAvailability.dataDurability", Assert.Single(SpecRules.ValidateHighAvailability(next)).Field);
    }
}
