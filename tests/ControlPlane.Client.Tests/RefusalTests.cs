using ControlPlane.Client.Models;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace ControlPlane.Client.Tests;

/// <summary>The refusals automation has to act on, read as the generated client's typed problem details.</summary>
public sealed class RefusalTests(LoopbackApiFixture api) : IClassFixture<LoopbackApiFixture>
{
    [Fact]
    public async Task Should_read_a_broken_rule_as_a_422_naming_the_field()
    {
        var client = await TenantClientAsync();

        // The small plan allows at most 500 GB.
        var refusal = await Assert.ThrowsAsync<ProblemDetails>(() => client.V1.Instances.PostAsync(Walkthrough.Orders(storageGb: 600)));

        Assert.Equal(422, refusal.ResponseStatusCode);
        Assert.Contains("storageGb", refusal.ErrorFields());
    }

    [Fact]
    public async Task Should_read_a_stale_etag_as_a_412_with_the_current_one()
    {
        var client = await TenantClientAsync();
        var createdHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var created = await client.V1.Instances.PostAsync(Walkthrough.Single("stale"), config => config.Options.Add(createdHeaders));
        var id = created!.Id!.Value;
        var readEtag = Assert.Single(createdHeaders.ResponseHeaders["ETag"]);
        await api.PublishAsync(Worker.Ready(id, created.Generation!.Value, sequence: 1));
        await Eventually.GetAsync(() => client.V1.Instances[id].GetAsync(), i => i?.Status == InstanceResponse_status.Available, "the instance to be available");
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        await client.V1.Instances[id].PatchAsync(Walkthrough.Grow(30), config =>
        {
            config.Headers.Add("If-Match", readEtag);
            config.Options.Add(headers);
        });
        var currentEtag = Assert.Single(headers.ResponseHeaders["ETag"]);

        var refusal = await Assert.ThrowsAsync<ProblemDetails>(() =>
            client.V1.Instances[id].PatchAsync(Walkthrough.Grow(40), config => config.Headers.Add("If-Match", readEtag)));

        Assert.Equal(412, refusal.ResponseStatusCode);
        Assert.NotEqual(readEtag, currentEtag);
        Assert.Equal(currentEtag, refusal.CurrentEtag);
    }

    [Fact]
    public async Task Should_read_a_change_blocked_by_a_running_operation_as_a_409_naming_it()
    {
        var client = await TenantClientAsync();
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var created = await client.V1.Instances.PostAsync(Walkthrough.Orders(), config => config.Options.Add(headers));
        var createOperation = Guid.Parse(Assert.Single(headers.ResponseHeaders["Location"]).Split('/')[^1]);
        var etag = Assert.Single(headers.ResponseHeaders["ETag"]);

        var refusal = await Assert.ThrowsAsync<ProblemDetails>(() =>
            client.V1.Instances[created!.Id!.Value].PatchAsync(Walkthrough.Grow(30), config => config.Headers.Add("If-Match", etag)));

        Assert.Equal(409, refusal.ResponseStatusCode);
        Assert.Equal((createOperation, ProblemDetails_blockingOperation_type.Create),
            (refusal.BlockingOperation?.Id, refusal.BlockingOperation?.Type));
    }

    private async Task<ControlPlaneClient> TenantClientAsync()
    {
        var support = GeneratedClients.For(api, api.SupportKey);
        var organization = await support.V1.Organizations.PostAsync(new CreateOrganizationRequest { Name = "org-" + Guid.NewGuid().ToString("N")[..8] });
        return GeneratedClients.For(api, organization!.ApiKey!);
    }
}
