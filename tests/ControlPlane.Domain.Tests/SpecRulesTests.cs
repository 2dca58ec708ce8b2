using ControlPlane.Domain.Instances;

namespace ControlPlane.Domain.Tests;

public sealed class SpecRulesTests
{
    [Fact]
    public void Should_accept_the_recommended_spec()
    {
        var spec = Specs.Valid();

        Assert.Empty(SpecRules.ValidateOnItsOwn(spec.StorageGb, spec.HighAvailability));
        Assert.Empty(SpecRules.ValidateAgainstCatalog(spec, Specs.Plans, Specs.Versions));
    }

    [Fact]
    public void Should_reject_an_unknown_plan_naming_the_plan_field()
    {
        var error = Assert.Single(SpecRules.ValidateAgainstCatalog(Specs.Valid(plan: "huge"), Specs.Plans, Specs.Versions));
        Assert.Equal(("unknown_plan", "plan"), (error.Code, error.Field));
    }

    [Fact]
    public void Should_reject_an_unsupported_postgres_version()
    {
        var error = Assert.Single(SpecRules.ValidateAgainstCatalog(Specs.Valid(version: 12), Specs.Plans, Specs.Versions));
        Assert.Equal(("unsupported_version", "postgresVersion"), (error.Code, error.Field));
        Assert.Contains("15, 16, 17", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(501, false)]
    public void Should_hold_storage_within_the_plan_maximum(int storageGb, bool valid)
    {
        var errors = SpecRules.ValidateAgainstCatalog(Specs.Valid(storageGb: storageGb), Specs.Plans, Specs.Versions);
        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal("storageGb", Assert.Single(errors).Field);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Should_reject_storage_below_one_gigabyte_whatever_the_plan(int storageGb)
    {
        var error = Assert.Single(SpecRules.ValidateOnItsOwn(storageGb, Specs.Ha()));
        Assert.Equal(("invalid_storage", "storageGb"), (error.Code, error.Field));
    }

    [Fact]
    public void Should_leave_storage_the_request_left_to_the_plan_alone()
    {
        Assert.Empty(SpecRules.ValidateOnItsOwn(null, Specs.Ha()));
    }

    [Fact]
    public void Should_not_blame_storage_when_only_the_plan_is_unknown()
    {
        var error = Assert.Single(SpecRules.ValidateAgainstCatalog(Specs.Valid(plan: "huge", storageGb: 0), Specs.Plans, Specs.Versions));
        Assert.Equal("plan", error.Field);
    }

    [Fact]
    public void Should_reject_three_replicas()
    {
        var error = Assert.Single(SpecRules.ValidateOnItsOwn(20, Specs.Ha(replicas: 3)));
        Assert.Equal(("invalid_replicas", "highAvailability.replicas"), (error.Code, error.Field));
    }

    [Fact]
    public void Should_reject_high_availability_enabled_without_replicas()
    {
        var error = Assert.Single(SpecRules.ValidateHighAvailability(Specs.Ha(replicas: 0)));
        Assert.Equal("highAvailability.replicas", error.Field);
    }

    [Fact]
    public void Should_reject_replicas_when_high_availability_is_off()
    {
        var ha = new HighAvailabilitySpec(false, 1, ReplicationMode.Synchronous, DataDurability.Preferred);
        var error = Assert.Single(SpecRules.ValidateHighAvailability(ha));
        Assert.Equal(("invalid_replicas", "highAvailability.replicas"), (error.Code, error.Field));
    }

    [Fact]
    public void Should_accept_high_availability_off_with_no_replicas()
    {
        Assert.Empty(SpecRules.ValidateOnItsOwn(20, HighAvailabilitySpec.Off));
    }

    [Fact]
    public void Should_reject_required_durability_with_asynchronous_replication_in_the_domains_words()
    {
        var error = Assert.Single(SpecRules.ValidateHighAvailability(Specs.Ha(mode: ReplicationMode.Asynchronous, durability: DataDurability.Required)));
        Assert.Equal(("invalid_durability", "highAvailability.dataDurability"), (error.Code, error.Field));
        Assert.Equal("dataDurability 'required' needs synchronous replication.", error.Message);
    }

    [Fact]
    public void Should_accept_required_durability_with_synchronous_replication()
    {
        Assert.Empty(SpecRules.ValidateHighAvailability(Specs.Ha(durability: DataDurability.Required)));
    }

    [Fact]
    public void Should_report_every_broken_rule_of_the_catalogue_at_once()
    {
        var errors = SpecRules.ValidateAgainstCatalog(Specs.Valid(plan: "huge", version: 9), Specs.Plans, Specs.Versions);
        Assert.Equal(["plan", "postgresVersion"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Should_reject_a_region_not_offered_naming_those_that_are()
    {
        Assert.Empty(SpecRules.ValidateRegion("local", ["local", "eu-1"]));
        var error = Assert.Single(SpecRules.ValidateRegion("mars-1", ["local", "eu-1"]));
        Assert.Equal(("unknown_region", "region"), (error.Code, error.Field));
        Assert.Contains("local, eu-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_to_shrink_storage()
    {
        var error = Assert.Single(SpecRules.ValidateChange(Specs.Valid(storageGb: 50), Specs.Valid(storageGb: 40)));
        Assert.Equal(("storage_shrink", "storageGb"), (error.Code, error.Field));
    }

    [Fact]
    public void Should_allow_storage_to_grow_and_the_plan_to_change()
    {
        Assert.Empty(SpecRules.ValidateChange(Specs.Valid(storageGb: 50), Specs.Valid(plan: "large", storageGb: 60)));
    }

    [Fact]
    public void Should_refuse_a_major_version_change()
    {
        var error = Assert.Single(SpecRules.ValidateChange(Specs.Valid(version: 15), Specs.Valid(version: 16)));
        Assert.Equal(("version_change", "postgresVersion"), (error.Code, error.Field));
    }
}
