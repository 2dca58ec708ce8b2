using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>
/// The served document says what the server does, so that a strictly typed generated client can be written against it:
/// required is what the server requires, integers are integers, closed sets are enums, every error is declared with
/// its problem details, and the headers are there.
/// </summary>
public sealed class OpenApiContractTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] Errors = ["errors", "blockingOperation", "currentEtag", "quota", "limit", "current", "requested"];

    [Fact]
    public async Task Should_require_only_what_the_server_requires_when_creating_an_instance()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        Assert.Equal(["name", "plan"], Required(schemas["CreateInstanceRequest"]!).Order(StringComparer.Ordinal));
        Assert.Empty(Required(schemas["HighAvailabilityRequest"]!));
        Assert.Empty(Required(schemas["UpdateInstanceRequest"]!));
        foreach (var name in new[] { "CreateInstanceRequest", "HighAvailabilityRequest", "UpdateInstanceRequest", "SwitchoverRequest", "UpdateOrganizationRequest" })
        {
            foreach (var (property, schema) in schemas[name]!["properties"]!.AsObject())
            {
                Assert.False(AllowsNull(schema!), $"{name}.{property} allows null: {schema!.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task Should_type_every_integer_as_an_integer_only()
    {
        var document = await DocumentAsync();

        var loose = Descendants(document).OfType<JsonObject>()
            .Where(s => s["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "integer") && types.Any(t => t?.GetValue<string>() == "string"))
            .Select(s => s.ToJsonString()).ToList();

        Assert.Empty(loose);
        Assert.Equal("integer", document["components"]!["schemas"]!["CreateInstanceRequest"]!["properties"]!["postgresVersion"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_list_the_words_of_every_closed_set()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        Assert.Equal(["synchronous", "asynchronous"], Enum(schemas["HighAvailabilityRequest"]!["properties"]!["replicationMode"]!));
        Assert.Equal(["preferred", "required"], Enum(schemas["HighAvailabilityResponse"]!["properties"]!["dataDurability"]!));
        Assert.Equal(["provisioning", "available", "updating", "deleting", "deleted", "failed"], Enum(schemas["InstanceResponse"]!["properties"]!["status"]!));
        Assert.Equal(["healthy", "degraded", "unavailable", "unknown"], Enum(schemas["HealthResponse"]!["properties"]!["health"]!));
        Assert.Equal(["create", "update", "delete", "switchover", "rotatecredentials", "backup"], Enum(schemas["OperationResponse"]!["properties"]!["type"]!));
        Assert.Equal(["pending", "running", "succeeded", "failed"], Enum(schemas["OperationResponse"]!["properties"]!["status"]!));
        Assert.Equal(["unknown", "primary", "replica"], Enum(schemas["MemberResponse"]!["properties"]!["role"]!));
        Assert.Equal(["Ready", "Writable", "Replicating", "SynchronouslyDurable", "Reconciled", "Archiving"], Enum(schemas["ConditionResponse"]!["properties"]!["type"]!));
        Assert.Equal(["True", "False", "Unknown"], Enum(schemas["ConditionResponse"]!["properties"]!["status"]!));
        Assert.Contains("failover", Enum(schemas["EventResponse"]!["properties"]!["type"]!));
        Assert.Equal(["member", "support"], Enum(schemas["ApiKeyResponse"]!["properties"]!["role"]!));
        Assert.Equal(["full", "differential", "incremental"], Enum(schemas["BackupRequest"]!["properties"]!["kind"]!));
        Assert.Equal(["running", "completed", "completedwitherrors", "failed"], Enum(schemas["BackupResponse"]!["properties"]!["status"]!));
        Assert.Contains("backup-failed", Enum(schemas["EventResponse"]!["properties"]!["type"]!));
    }

    [Fact]
    public async Task Should_mark_formats_and_the_fields_only_the_server_sets()
    {
        var instance = (await DocumentAsync())["components"]!["schemas"]!["InstanceResponse"]!["properties"]!;

        Assert.Equal(("uuid", "date-time"), (instance["id"]!["format"]!.GetValue<string>(), instance["createdAt"]!["format"]!.GetValue<string>()));
        Assert.True(instance["id"]!["readOnly"]?.GetValue<bool>(), "id is the server's");
        Assert.True(instance["generation"]!["readOnly"]?.GetValue<bool>(), "generation is the server's");
        Assert.Null(instance["name"]!["readOnly"]);
    }

    [Theory]
    [InlineData("get", "/v1/instances", "400 401 422 429 503")]
    [InlineData("post", "/v1/instances", "400 401 404 409 413 422 429 503")]
    [InlineData("get", "/v1/instances/{id}", "401 404 429 503")]
    [InlineData("patch", "/v1/instances/{id}", "400 401 404 409 412 413 422 428 429 503")]
    [InlineData("delete", "/v1/instances/{id}", "401 404 409 412 429 503")]
    [InlineData("post", "/v1/instances/{id}/switchover", "400 401 404 409 413 422 429 503")]
    [InlineData("post", "/v1/instances/{id}/backups", "400 401 404 409 413 429 503")]
    [InlineData("get", "/v1/instances/{id}/backups", "400 401 404 422 429 503")]
    [InlineData("post", "/v1/organizations", "400 401 403 413 429 503")]
    [InlineData("get", "/v1/organizations", "400 401 403 422 429 503")]
    [InlineData("patch", "/v1/organizations/{id}", "400 401 403 404 413 429 503")]
    [InlineData("get", "/v1/operations", "400 401 422 429 503")]
    [InlineData("get", "/v1/instances/{id}/operations", "400 401 404 422 429 503")]
    [InlineData("get", "/v1/api-keys/{id}", "401 404 429 503")]
    [InlineData("get", "/v1/audit", "400 401 403 422 429 503")]
    public async Task Should_declare_every_error_an_operation_can_answer_as_problem_details(string method, string path, string statuses)
    {
        var document = await DocumentAsync();
        var responses = document["paths"]![path]![method]!["responses"]!.AsObject();

        foreach (var status in statuses.Split(' '))
        {
            Assert.True(responses.ContainsKey(status), $"{method} {path} does not declare {status}");
            Assert.Equal("#/components/schemas/ProblemDetails",
                responses[status]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        }

        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        Assert.All(Errors, extension => Assert.True(problem.ContainsKey(extension), $"ProblemDetails lacks {extension}"));
        Assert.Equal("integer", problem["status"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_declare_the_headers_a_client_reads_and_sends()
    {
        var paths = (await DocumentAsync())["paths"]!;

        Assert.NotNull(paths["/v1/instances/{id}"]!["get"]!["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(paths["/v1/instances"]!["post"]!["responses"]!["202"]!["headers"]!["Location"]);
        Assert.NotNull(paths["/v1/organizations"]!["post"]!["responses"]!["201"]!["headers"]!["Location"]);
        Assert.NotNull(paths["/v1/instances"]!["get"]!["responses"]!["429"]!["headers"]!["Retry-After"]);
        Assert.NotNull(paths["/v1/instances"]!["get"]!["responses"]!["503"]!["headers"]!["Retry-After"]);
        var ifMatch = Parameter(paths["/v1/instances/{id}"]!["patch"]!, "If-Match");
        Assert.Equal(("header", true), (ifMatch["in"]!.GetValue<string>(), ifMatch["required"]!.GetValue<bool>()));
        Assert.Equal("header", Parameter(paths["/v1/instances"]!["post"]!, "Idempotency-Key")["in"]!.GetValue<string>());
        Assert.Equal(["provisioning", "available", "updating", "deleting", "deleted", "failed"],
            Enum(Parameter(paths["/v1/instances"]!["get"]!, "status")["schema"]!));
    }

    [Fact]
    public async Task Should_take_patches_as_merge_patches()
    {
        var paths = (await DocumentAsync())["paths"]!;

        foreach (var path in new[] { "/v1/instances/{id}", "/v1/organizations/{id}" })
        {
            var content = paths[path]!["patch"]!["requestBody"]!["content"]!.AsObject();
            Assert.True(content.ContainsKey("application/merge-patch+json"), $"PATCH {path}: {content.ToJsonString()}");
            Assert.True(content.ContainsKey("application/json"), $"PATCH {path}: {content.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Should_name_a_relative_server_and_the_security_of_every_operation()
    {
        var document = await DocumentAsync();

        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.True(operation!["security"] is JsonArray { Count: 1 }, $"{method} {path} does not say it needs a key");
                Assert.NotNull(operation["tags"]);
            }
        }
    }

    private async Task<JsonNode> DocumentAsync() => (await api.Anonymous.GetAsync("/openapi/v1.json")).Json;

    private static List<string> Required(JsonNode schema) => [.. schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []];

    private static List<string> Enum(JsonNode schema) => [.. schema["enum"]?.AsArray().Select(e => e!.GetValue<string>()) ?? []];

    private static JsonNode Parameter(JsonNode operation, string name) =>
        operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!;

    private static bool AllowsNull(JsonNode schema) =>
        schema["type"] is JsonArray types ? types.Any(t => t?.GetValue<string>() == "null")
        : schema["oneOf"] is JsonArray oneOf && oneOf.Any(s => s?["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && s["type"]!.GetValue<string>() == "null");

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
