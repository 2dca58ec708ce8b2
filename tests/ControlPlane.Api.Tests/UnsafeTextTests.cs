using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>Text that PostgreSQL cannot store (NUL) or that disguises itself (controls, lone surrogates, bidi overrides) stops at the edge.</summary>
public sealed class UnsafeTextTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string> UnsafeNames => new()
    {
        { "NUL", """{"name": "ac\u0000me"}""" },
        { "a control character", """{"name": "ac\u0007me"}""" },
        { "a lone surrogate", """{"name": "ac\ud800me"}""" },
        { "a right-to-left override", """{"name": "acme\u202Egpj.exe"}""" },
        { "a first-strong isolate", """{"name": "acme\u2068x"}""" },
    };

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Should_reject_an_organisation_name_with_unsafe_text_naming_the_field(string why, string body)
    {
        var response = await api.Support.PostAsync("/v1/organizations", body);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{why}: {response}");
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(["name"], response.ErrorFields());
    }

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Should_reject_an_api_key_name_with_unsafe_text_naming_the_field(string why, string body)
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", body);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{why}: {response}");
        Assert.Equal(["name"], response.ErrorFields());
    }

    [Fact]
    public async Task Should_reject_unsafe_text_in_a_nested_body_field_naming_its_path()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync("/v1/instances",
            """{"name": "a", "plan": "small", "postgresVersion": 16, "highAvailability": {"replicationMode": "sync\u0000"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["highAvailability.replicationMode"], response.ErrorFields());
        Assert.Contains("U+0000", response.Json.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type", "%00")]
    [InlineData("type", "fail%01over")]
    [InlineData("type", "%E2%80%AEx")]
    [InlineData("pageToken", "%00")]
    public async Task Should_reject_unsafe_text_in_the_event_query_naming_the_parameter(string parameter, string value)
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());

        var response = await tenant.Api.GetAsync($"/v1/instances/{created.Json.Id()}/events?{parameter}={value}");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal([parameter], response.ErrorFields());
    }

    [Fact]
    public async Task Should_reject_a_nul_in_the_audit_action_filter()
    {
        var response = await api.Support.GetAsync("/v1/audit?action=%00");

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal(["action"], response.ErrorFields());
    }

    [Fact]
    public async Task Should_reject_a_nul_in_the_idempotency_key_header()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync("/v1/instances", api.NewInstance(),
            new Dictionary<string, string> { ["Idempotency-Key"] = "a\u0001b" });

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal(["Idempotency-Key"], response.ErrorFields());
    }

    [Fact]
    public async Task Should_still_accept_ordinary_unicode_names()
    {
        var response = await api.Support.PostAsync("/v1/organizations", new { name = "Zürich Ärzte 東京 🐘" });

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("Zürich Ärzte 東京 🐘", response.Json.Str("name"));
    }

    [Fact]
    public async Task Should_answer_413_problem_details_for_a_body_over_the_limit()
    {
        var body = $$"""{"name": "{{new string('a', 2 * 1024 * 1024)}}"}""";

        var response = await api.Support.PostAsync("/v1/organizations", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(413, response.Json["status"]!.GetValue<int>());
    }
}
