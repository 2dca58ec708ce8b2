using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>
/// In Production ASP.NET Core answers binding failures itself unless told to throw; the caller must still get the
/// field named, exactly as in Development.
/// </summary>
public sealed class ProductionErrorsTests(ProductionFixture api) : IClassFixture<ProductionFixture>
{
    [Theory]
    [InlineData("""{"name": 42, "plan": "small", "postgresVersion": 16}""", "name")]
    [InlineData("""{"name": "a", "plan": "small", "postgresVersion": "sixteen"}""", "postgresVersion")]
    [InlineData("""{"name": "a", "plan": "small", "postgresVersion": 16, "highAvailability": {"replicas": "two"}}""", "highAvailability.replicas")]
    [InlineData("""{"name": "a", """, "")]
    [InlineData("""{bad json""", "")]
    public async Task Should_name_the_malformed_field_in_production_too(string body, string field)
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync("/v1/instances", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        if (field.Length > 0)
        {
            Assert.Contains(field, response.ErrorFields());
        }
        else
        {
            // No field to name: the body as a whole is said to be broken, never a field with an empty name.
            Assert.DoesNotContain("", response.ErrorFields());
            Assert.Contains("The body is not valid JSON.", response.Text, StringComparison.Ordinal);
        }

        // A caller's mistake is not the server's error: nothing at Error level for operators to chase.
        Assert.DoesNotContain(api.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/v1/instances?pageSize=abc", "pageSize")]
    [InlineData("/v1/instances?organizationId=not-a-guid", "organizationId")]
    public async Task Should_answer_a_malformed_query_with_problem_details(string path, string field)
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains(field, response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_unknown_routes_with_problem_details()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.GetAsync("/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }
}
