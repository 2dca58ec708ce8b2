using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>Every class of bad input is the caller's error, answered as problem details naming the field — never a 500.</summary>
public sealed class ValidationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string, int, string> BadCreates => new()
    {
        { "malformed JSON", """{"name": "a", """, 400, "" },
        { "name of the wrong type", """{"name": 42, "plan": "small", "postgresVersion": 16}""", 400, "name" },
        { "version of the wrong type", """{"name": "a", "plan": "small", "postgresVersion": "sixteen"}""", 400, "postgresVersion" },
        { "replicas of the wrong type", """{"name": "a", "plan": "small", "postgresVersion": 16, "highAvailability": {"replicas": "two"}}""", 400, "highAvailability.replicas" },
        { "missing name", """{"plan": "small", "postgresVersion": 16}""", 400, "name" },
        { "missing version", """{"name": "a", "plan": "small"}""", 400, "postgresVersion" },
        { "name too long", $$"""{"name": "{{new string('a', 41)}}", "plan": "small", "postgresVersion": 16}""", 400, "name" },
        { "name with capitals", """{"name": "Orders", "plan": "small", "postgresVersion": 16}""", 400, "name" },
        { "name with a trailing newline", """{"name": "orders\n", "plan": "small", "postgresVersion": 16}""", 400, "name" },
        { "three replicas", """{"name": "a", "plan": "small", "postgresVersion": 16, "highAvailability": {"replicas": 3}}""", 400, "highAvailability.replicas" },
        { "HA off with replicas", """{"name": "a", "plan": "small", "postgresVersion": 16, "highAvailability": {"enabled": false, "replicas": 2}}""", 400, "highAvailability.replicas" },
        { "required durability with async", """{"name": "a", "plan": "small", "postgresVersion": 16, "highAvailability": {"replicationMode": "asynchronous", "dataDurability": "required"}}""", 400, "highAvailability.dataDurability" },
        { "unknown replication mode", """{"name": "a", "plan": "small", "postgresVersion": 16, "highAvailability": {"replicationMode": "quorum"}}""", 400, "highAvailability.replicationMode" },
        { "negative storage", """{"name": "a", "plan": "small", "postgresVersion": 16, "storageGb": -5}""", 400, "storageGb" },
        { "unknown plan", """{"name": "a", "plan": "huge", "postgresVersion": 16}""", 422, "plan" },
        { "unsupported version", """{"name": "a", "plan": "small", "postgresVersion": 11}""", 422, "postgresVersion" },
        { "storage over the plan", """{"name": "a", "plan": "small", "postgresVersion": 16, "storageGb": 501}""", 422, "storageGb" },
        { "unknown region", """{"name": "a", "region": "mars-1", "plan": "small", "postgresVersion": 16}""", 422, "region" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Should_reject_a_bad_create_naming_the_field(string why, string body, int status, string field)
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync("/v1/instances", body);

        Assert.True((int)response.Status == status, $"{why}: {response}");
        Assert.Equal("application/problem+json", response.ContentType);
        if (field.Length > 0)
        {
            Assert.True(response.ErrorFields().Contains(field), $"{why}: errors should name '{field}': {response.Text}");
        }

        Assert.Empty((await tenant.Api.GetAsync("/v1/instances")).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Should_reject_an_empty_body()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.SendAsync(HttpMethod.Post, "/v1/instances");

        Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Theory]
    [InlineData("""{"highAvailability": {"replicas": 3}}""", "highAvailability.replicas")]
    [InlineData("""{"storageGb": "big"}""", "storageGb")]
    [InlineData("""{"plan": "huge"}""", "plan")]
    [InlineData("""{"storageGb": 9999}""", "storageGb")]
    [InlineData("""{"highAvailability": {"enabled": false, "replicas": 1}}""", "highAvailability.replicas")]
    public async Task Should_reject_a_bad_change_naming_the_field(string body, string field)
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag;

        var response = await tenant.Api.SendAsync(HttpMethod.Patch, $"/v1/instances/{id}", body, new Dictionary<string, string> { ["If-Match"] = etag! });

        Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains(field, response.ErrorFields());
        Assert.Equal(etag, (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag);
    }

    [Fact]
    public async Task Should_turn_high_availability_off_with_replicas_defaulting_to_zero()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync("/v1/instances", api.NewInstance(highAvailability: new { enabled = false }));

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        var ha = response.Json["highAvailability"]!;
        Assert.Equal((false, 0), (ha["enabled"]!.GetValue<bool>(), ha["replicas"]!.GetValue<int>()));
    }
}
