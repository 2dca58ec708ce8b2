using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Events;

namespace ControlPlane.Api.Tests;

public sealed class ArchivingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_show_the_archiving_condition_and_window_and_record_one_event_when_archiving_breaks_and_one_when_it_is_restored()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var unknown = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal("Unknown", Condition(unknown.Json, "Archiving").Str("status"));
        Assert.Null(unknown.Json["recoveryWindow"]);
        var now = DateTimeOffset.UtcNow;
        var earliest = now.AddHours(-2);

        await api.PublishAsync(Report(id, 2, now.AddSeconds(-30), healthy: true, "Archiving", "WAL is archived", earliest, now.AddSeconds(-40)));
        await api.PublishAsync(Report(id, 3, now.AddSeconds(-20), healthy: false, "ArchiveCommandFailing", "archive_command is failing: 000000010000000000000007", earliest, now.AddSeconds(-40)));
        await api.PublishAsync(Report(id, 4, now.AddSeconds(-10), healthy: false, "ArchiveCommandFailing", "archive_command is failing: 000000010000000000000007", earliest, now.AddSeconds(-40)));

        var broken = await Eventually.GetAsync(() => tenant.Api.GetAsync($"/v1/instances/{id}"),
            r => Condition(r.Json, "Archiving").Str("status") == "False", "the Archiving condition to go False");
        Assert.Equal("ArchiveCommandFailing", Condition(broken.Json, "Archiving").Str("reason"));
        Assert.Contains("000000010000000000000007", Condition(broken.Json, "Archiving").Str("message"), StringComparison.Ordinal);
        Assert.Equal(earliest.ToUnixTimeSeconds(), broken.Json["recoveryWindow"]!["earliest"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());

        // A report older than the one applied (redelivered late) changes nothing.
        await api.PublishAsync(Report(id, 5, now.AddSeconds(-25), healthy: true, "Archiving", "WAL is archived", earliest, now.AddSeconds(-40)));
        await api.PublishAsync(Report(id, 6, now, healthy: true, "Archiving", "WAL is archived", earliest, now.AddSeconds(-1)));
        var restored = await Eventually.GetAsync(() => tenant.Api.GetAsync($"/v1/instances/{id}"),
            r => Condition(r.Json, "Archiving").Str("status") == "True", "the Archiving condition to go True again");
        Assert.Equal(now.AddSeconds(-1).ToUnixTimeSeconds(), restored.Json["recoveryWindow"]!["latest"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Single((await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=archiving-broken")).Json["items"]!.AsArray());
        Assert.Single((await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=archiving-restored")).Json["items"]!.AsArray());
    }

    private static InstanceArchivingReported Report(
        Guid id, long sequence, DateTimeOffset at, bool healthy, string reason, string message, DateTimeOffset earliest, DateTimeOffset latest) =>
        new(id, 1, sequence, at, healthy, reason, message, latest, earliest, latest);

    private static JsonNode Condition(JsonNode instance, string type) =>
        instance["conditions"]!.AsArray().Single(c => c!.Str("type") == type)!;
}
