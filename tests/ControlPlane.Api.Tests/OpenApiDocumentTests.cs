using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The committed openapi/controlplane.v1.json is the contract clients generate from; it must be what the API serves.
    /// After an intended API change, regenerate it with: CP_UPDATE_OPENAPI=1 dotnet test tests/ControlPlane.Api.Tests --filter OpenApiDocumentTests
    /// </summary>
    [Fact]
    public async Task Should_serve_exactly_the_committed_openapi_document()
    {
        var response = await api.Anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var served = JsonNode.Parse(response.Text)!;
        var path = Path.Combine(RepositoryRoot.Find(), "openapi", "controlplane.v1.json");

        if (Environment.GetEnvironmentVariable("CP_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(Indented) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(JsonNode.DeepEquals(committed, served),
            "openapi/controlplane.v1.json differs from /openapi/v1.json; if the API change is intended, rerun with CP_UPDATE_OPENAPI=1.");
    }

    [Fact]
    public async Task Should_describe_every_endpoint_with_its_operation_id()
    {
        var document = JsonNode.Parse((await api.Anonymous.GetAsync("/openapi/v1.json")).Text)!;

        var operationIds = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]?.GetValue<string>()))
            .ToHashSet();

        string[] expected =
        [
            "ListPlans", "ListInstances", "GetInstance", "CreateInstance", "UpdateInstance", "DeleteInstance", "SwitchoverInstance",
            "GetInstanceHealth", "ListInstanceEvents", "GetInstanceConnection", "RotateInstanceCredentials", "GetOperation",
            "CreateOrganization", "CreateApiKey", "ListApiKeys", "RevokeApiKey", "CreateSupportKey", "ListSupportKeys", "ListAudit",
            "ListOrganizations", "GetOrganization", "UpdateOrganization", "GetApiKey", "ListOperations", "ListInstanceOperations",
        ];
        Assert.Subset(operationIds, expected.ToHashSet<string?>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["apiKey"]!["scheme"]!.GetValue<string>());
    }
}
