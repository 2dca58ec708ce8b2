using ControlPlane.Domain.Instances;

namespace ControlPlane.Domain.Tests;

public sealed class InstanceNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("orders-db")]
    [InlineData("a-b-c-1")]
    [InlineData("9lives")]
    public void Should_accept_dns_1123_labels(string name) => Assert.True(InstanceNames.IsValid(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-orders")]
    [InlineData("orders-")]
    [InlineData("Orders")]
    [InlineData("orders_db")]
    [InlineData("orders.db")]
    [InlineData("orders db")]
    [InlineData("ördérs")]
    [InlineData("orders\n")]
    public void Should_reject_names_that_are_not_dns_1123_labels(string? name) => Assert.False(InstanceNames.IsValid(name));

    [Fact]
    public void Should_accept_forty_characters_and_reject_forty_one()
    {
        Assert.Equal(40, InstanceNames.MaxLength);
        Assert.True(InstanceNames.IsValid(new string('a', 40)));
        Assert.False(InstanceNames.IsValid(new string('a', 41)));
    }
}
