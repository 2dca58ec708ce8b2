using ControlPlane.Provisioning.Patroni;

namespace ControlPlane.Provisioning.Tests.Patroni;

public sealed class PatroniUrisTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8009/patroni", "cluster", "http://127.0.0.1:8009/cluster")]
    [InlineData("http://127.0.0.1:8009/", "patroni", "http://127.0.0.1:8009/patroni")]
    [InlineData("http://127.0.0.1:8009", "/cluster", "http://127.0.0.1:8009/cluster")]
    public void Should_address_an_endpoint_from_a_base_url_or_from_patronis_api_url(string apiUrl, string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), PatroniUris.For(new Uri(apiUrl), endpoint));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/x")]
    public void Should_reject_an_api_url_it_cannot_call(string? apiUrl)
    {
        Assert.Null(PatroniUris.TryParse(apiUrl));
    }
}
