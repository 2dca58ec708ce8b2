using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Api.Testing.Contract;

namespace ControlPlane.Api.Tests;

/// <summary>The check every API test's responses go through: what it catches, and that it passes what the document describes.</summary>
public sealed class ContractValidatorTests
{
    private const string ThingId = "5c4d2a3e-8f0b-4a55-9a51-3c2a1b0d9e77";

    private static readonly ContractDocument Document = ContractDocument.Parse("""
        {
          "openapi": "3.1.1",
          "info": { "title": "things", "version": "v1" },
          "paths": {
            "/v1/things/{id}": {
              "get": {
                "operationId": "GetThing",
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": { "ETag": { "required": true, "schema": { "type": "string" } } },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } }
                  },
                  "404": { "description": "Not found", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                  "429": {
                    "description": "Slow down",
                    "headers": { "Retry-After": { "schema": { "type": "integer" } } },
                    "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
                  }
                }
              }
            },
            "/v1/things/search": { "get": { "operationId": "SearchThings", "responses": { "204": { "description": "Nothing found" } } } }
          },
          "components": {
            "schemas": {
              "Thing": {
                "type": "object",
                "required": ["id", "state"],
                "properties": {
                  "id": { "type": "string", "format": "uuid" },
                  "state": { "$ref": "#/components/schemas/ThingState" },
                  "replicas": { "type": "integer" },
                  "tags": { "type": "array", "items": { "$ref": "#/components/schemas/ThingState" } },
                  "parent": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Thing" }] }
                }
              },
              "ThingState": { "type": "string", "enum": ["running", "stopped"] },
              "Problem": { "type": "object", "properties": { "title": { "type": "string" }, "status": { "type": "integer" } } }
            }
          }
        }
        """);

    [Fact]
    public void Should_pass_a_response_the_document_describes()
    {
        var mismatches = Check(200, "application/json", $$"""{"id":"{{ThingId}}","state":"running","replicas":2,"parent":null}""", ("ETag", "\"1\""));

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Should_catch_a_status_the_operation_does_not_declare()
    {
        var mismatch = Assert.Single(Check(409, "application/problem+json", """{"title":"Conflict","status":409}"""));

        Assert.Equal(("status", "GetThing (GET /v1/things/{id})", 409), (mismatch.Kind, mismatch.Operation, mismatch.Status));
        Assert.Contains("declared: 200, 404, 429", mismatch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_catch_a_media_type_the_response_does_not_declare()
    {
        var mismatch = Assert.Single(Check(404, "application/json", """{"title":"Not found","status":404}"""));

        Assert.Equal("media type", mismatch.Kind);
        Assert.Contains("application/problem+json", mismatch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_catch_a_missing_required_property()
    {
        var mismatch = Assert.Single(Check(200, "application/json", $$"""{"id":"{{ThingId}}"}""", ("ETag", "\"1\"")));

        Assert.Equal("body", mismatch.Kind);
        Assert.Contains("required", mismatch.Detail, StringComparison.Ordinal);
        Assert.Contains("state", mismatch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_catch_a_value_outside_the_enum()
    {
        var mismatch = Assert.Single(Check(200, "application/json", $$"""{"id":"{{ThingId}}","state":"exploded"}""", ("ETag", "\"1\"")));

        Assert.Equal("body", mismatch.Kind);
        Assert.Contains("body /state: enum", mismatch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_catch_an_integer_sent_as_a_string_and_an_id_that_is_not_a_uuid_deep_in_the_body()
    {
        var mismatches = Check(200, "application/json",
            $$$"""{"id":"{{{ThingId}}}","state":"running","parent":{"id":"7","state":"stopped","replicas":"2"}}""", ("ETag", "\"1\""));

        Assert.Contains(mismatches, m => m.Detail.StartsWith("body /parent/replicas: type", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.Detail.StartsWith("body /parent/id: format", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_catch_a_property_the_schema_does_not_name()
    {
        var mismatch = Assert.Single(Check(404, "application/problem+json", """{"title":"Not found","status":404,"currentEtag":"\"3\""}"""));

        Assert.True(mismatch.Kind == "undeclared property", mismatch.ToString());
        Assert.Contains("currentEtag", mismatch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_catch_a_missing_required_header_and_a_header_that_breaks_its_schema()
    {
        var missing = Assert.Single(Check(200, "application/json", $$"""{"id":"{{ThingId}}","state":"running"}"""));
        var wrong = Assert.Single(Check(429, "application/problem+json", """{"title":"Too many","status":429}""", ("Retry-After", "soon")));

        Assert.Equal(("header", "required header ETag is missing"), (missing.Kind, missing.Detail));
        Assert.Equal("header", wrong.Kind);
        Assert.StartsWith("header Retry-After: 'soon'", wrong.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_catch_a_header_a_client_acts_on_that_the_response_does_not_declare()
    {
        var mismatch = Assert.Single(Check(404, "application/problem+json", """{"title":"Not found","status":404}""", ("Location", "/v1/things/other")));

        Assert.Equal(("header", "sends header Location, which is not declared"), (mismatch.Kind, mismatch.Detail));
    }

    [Fact]
    public void Should_catch_a_body_where_the_response_declares_none_and_none_where_it_declares_one()
    {
        var unexpected = Assert.Single(CheckAt("GET", "/v1/things/search", 204, "application/json", "{}"));
        var missing = Assert.Single(Check(404, null, ""));

        Assert.Equal(("media type", "SearchThings (GET /v1/things/search)"), (unexpected.Kind, unexpected.Operation));
        Assert.Equal("media type", missing.Kind);
        Assert.Contains("empty", missing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_routing_answers_and_paths_outside_the_document_alone_but_catch_an_undocumented_route()
    {
        Assert.Empty(CheckAt("GET", "/health/live", 200, "text/plain", "Healthy"));
        Assert.Empty(CheckAt("GET", "/v1/gadgets", 404, null, ""));
        Assert.Empty(CheckAt("DELETE", $"/v1/things/{ThingId}", 405, null, ""));

        var route = Assert.Single(CheckAt("GET", "/v1/gadgets", 200, "application/json", "[]"));
        var method = Assert.Single(CheckAt("DELETE", $"/v1/things/{ThingId}", 202, "application/json", "{}"));

        Assert.Equal(("operation", "GET /v1/gadgets"), (route.Kind, route.Operation));
        Assert.Equal(("operation", "DELETE /v1/things/{id}"), (method.Kind, method.Operation));
    }

    [Fact]
    public void Should_list_one_gap_once_whichever_array_index_showed_it()
    {
        var first = Check(200, "application/json", $$"""{"id":"{{ThingId}}","state":"running","tags":["lost"]}""", ("ETag", "\"1\""));
        var second = Check(200, "application/json", $$"""{"id":"{{ThingId}}","state":"running","tags":["running","gone"]}""", ("ETag", "\"2\""));

        Assert.Equal(Assert.Single(first).Key, Assert.Single(second).Key);
    }

    [Fact]
    public async Task Should_read_status_media_type_and_headers_off_the_wire_and_fail_the_request_in_strict_mode()
    {
        using var handler = new ContractValidatingHandler(Document, nameof(ContractValidatorTests))
        {
            InnerHandler = new Answering(() => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"id":"{{ThingId}}","state":"exploded"}""", Encoding.UTF8, "application/json"),
                Headers = { ETag = new("\"4\"") },
            }),
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };

        if (ContractValidation.Strict)
        {
            var failure = await Assert.ThrowsAsync<ContractMismatchException>(() => http.GetAsync($"/v1/things/{ThingId}"));
            var mismatch = Assert.Single(failure.Mismatches);
            Assert.Contains("body /state: enum", mismatch.Detail, StringComparison.Ordinal);
            Assert.Contains($"GET /v1/things/{ThingId} (200)", failure.Message, StringComparison.Ordinal);
        }
        else
        {
            using var response = await http.GetAsync($"/v1/things/{ThingId}");
            Assert.Contains(ContractMismatchLog.All, m => m.Operation.StartsWith("GetThing", StringComparison.Ordinal) && m.Detail.Contains("/state: enum", StringComparison.Ordinal));
            Assert.Contains("exploded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_build_every_response_schema_of_the_committed_document()
    {
        var document = ContractValidation.Committed;
        var schemas = document.Operations
            .SelectMany(o => o.Node["responses"]!.AsObject().Select(r => document.Resolve(r.Value)))
            .SelectMany(r => (r?["content"]?.AsObject().Select(c => c.Value?["schema"]) ?? [])
                .Concat(r?["headers"]?.AsObject().Select(h => document.Resolve(h.Value)?["schema"]) ?? []))
            .OfType<JsonNode>()
            .ToList();

        Assert.NotEmpty(schemas);
        Assert.All(schemas, s => Assert.NotNull(document.Schema(s)));
    }

    [Fact]
    public void Should_check_exchanges_from_many_tests_at_once_on_one_document()
    {
        // The Api tests' classes run in parallel over one document; System.Text.Json's nodes are not safe to read from
        // several threads while they first materialise (seen: "Nullable object must have a value" in GetPath).
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "openapi", "controlplane.v1.json"));
        string[] paths = ["/v1/plans", "/v1/instances", $"/v1/instances/{ThingId}", $"/v1/instances/{ThingId}/health", $"/v1/instances/{ThingId}/events",
            $"/v1/operations/{ThingId}", "/v1/organizations", $"/v1/organizations/{ThingId}", $"/v1/api-keys/{ThingId}", "/v1/audit"];
        for (var round = 0; round < 15; round++)
        {
            var document = ContractDocument.Parse(text);
            var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            using var start = new Barrier(8);
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                foreach (var path in paths)
                {
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ETag"] = "\"1\"", ["Retry-After"] = "1" };
                    try
                    {
                        ContractValidator.Check(document, new ContractExchange("GET", path, t % 2 == 0 ? 429 : 200,
                            t % 2 == 0 ? "application/problem+json" : "application/json", headers, "{}"));
                    }
                    catch (InvalidOperationException ex)
                    {
                        failures.Add(ex);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Empty(failures);
        }
    }

    private static IReadOnlyList<ContractMismatch> Check(int status, string? mediaType, string body, params (string Name, string Value)[] headers) =>
        ContractValidator.Check(Document, new ContractExchange("GET", $"/v1/things/{ThingId}", status, mediaType,
            headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), body));

    private static IReadOnlyList<ContractMismatch> CheckAt(string method, string path, int status, string? mediaType, string body) =>
        ContractValidator.Check(Document, new ContractExchange(method, path, status, mediaType, new Dictionary<string, string>(), body));

    private sealed class Answering(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer());
    }
}
