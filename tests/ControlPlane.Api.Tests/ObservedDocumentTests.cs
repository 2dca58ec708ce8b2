using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>
/// instances.observed was first written through EF's owned-JSON mapping and is now a converted value: rows written
/// the old way must read back unchanged, since no migration rewrites them.
/// </summary>
public sealed class ObservedDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // Exactly what the owned mapping stored: CLR property names, every property present, ISO 8601 offsets.
    private const string OwnedMappingDocument = """
        {"Members": [{"Host": "10.0.0.5", "Name": "db-0", "Port": 5432, "Role": "primary", "State": "running", "LagBytes": null, "Timeline": 3, "Synchronous": false},
                     {"Host": "10.0.0.6", "Name": "db-1", "Port": 5432, "Role": "replica", "State": "streaming", "LagBytes": 2048, "Timeline": 3, "Synchronous": true}],
         "Conditions": [{"Type": "Ready", "Reason": "Available", "Status": "True", "Message": "The instance serves its newest spec.", "LastTransitionTime": "2026-11-20T08:30:00+00:00"}],
         "PrimaryHost": "db.example.internal", "PrimaryPort": 5432, "ReadOnlyHost": "db-ro.example.internal", "ReadOnlyPort": 5433,
         "CurrentPrimary": "db-0", "HealthReportedAt": "2026-11-20T08:31:00+00:00", "SynchronouslyDurable": true}
        """;

    [Fact]
    public async Task Should_read_an_observed_document_written_by_the_owned_json_mapping()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        var updated = await api.ScalarAsync<string>("update instances set observed = $1::jsonb where id = $2 returning name", OwnedMappingDocument, id);
        Assert.False(string.IsNullOrEmpty(updated));

        var instance = (await tenant.Api.GetAsync($"/v1/instances/{id}")).Json;
        Assert.Equal("db-0", instance.Str("currentPrimary"));
        Assert.Equal(("db.example.internal", 5432), (instance["endpoints"]!["primary"]!.Str("host"), instance["endpoints"]!["primary"]!["port"]!.GetValue<int>()));
        Assert.Equal(5433, instance["endpoints"]!["readOnly"]!["port"]!.GetValue<int>());
        var condition = Assert.Single(instance["conditions"]!.AsArray())!;
        Assert.Equal(("Ready", "True", "Available"), (condition.Str("type"), condition.Str("status"), condition.Str("reason")));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero), condition["lastTransitionTime"]!.GetValue<DateTimeOffset>());

        var health = (await tenant.Api.GetAsync($"/v1/instances/{id}/health")).Json;
        Assert.True(health["synchronouslyDurable"]!.GetValue<bool>());
        var members = health["members"]!.AsArray();
        Assert.Equal(["db-0", "db-1"], members.Select(m => m!.Str("name")));
        Assert.Equal((2048L, true, 3), (members[1]!["lagBytes"]!.GetValue<long>(), members[1]!["synchronous"]!.GetValue<bool>(), members[1]!["timeline"]!.GetValue<int>()));
        Assert.Null(members[0]!["lagBytes"]);
    }
}
