using System.Net;
using System.Text;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>What the document promises about bodies holds on the wire: numbers are numbers, patches are merge patches.</summary>
public sealed class WireFormatTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("storageGb", """{"name": "strs", "plan": "small", "postgresVersion": 16, "storageGb": "20"}""")]
    [InlineData("postgresVersion", """{"name": "strs", "plan": "small", "postgresVersion": "16"}""")]
    [InlineData("highAvailability.replicas", """{"name": "strs", "plan": "small", "postgresVersion": 16, "highAvailability": {"replicas": "1"}}""")]
    public async Task Should_refuse_a_number_sent_as_a_string_naming_the_field(string field, string body)
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync("/v1/instances", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal([field], response.ErrorFields());
        Assert.Empty((await tenant.Api.GetAsync("/v1/instances")).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Should_take_a_change_sent_as_a_merge_patch()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/instances/{id}")
        {
            Content = new StringContent("""{"storageGb": 40}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.Authorization = new("Bearer", tenant.Api.Key);
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var read = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal((40, "updating"), (read.Json["storageGb"]!.GetValue<int>(), read.Json.Str("status")));
    }

    [Fact]
    public async Task Should_answer_415_as_problem_details_to_a_body_that_is_not_json()
    {
        var tenant = await api.CreateTenantAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/instances")
        {
            Content = new StringContent("""{"name": "plain", "plan": "small", "postgresVersion": 16}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = new("Bearer", tenant.Api.Key);

        var response = await ApiResponse.ReadAsync(await api.Http.SendAsync(request), CancellationToken.None);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }
}
