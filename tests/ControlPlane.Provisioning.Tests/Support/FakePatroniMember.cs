using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>One fake member's REST API. <see cref="KillAsync"/> stops the server, so connections are refused as after kill -9.</summary>
public sealed class FakePatroniMember : IAsyncDisposable
{
    private WebApplication? _app;

    private FakePatroniMember(string name) => Name = name;

    public string Name { get; }

    public Uri ApiUrl { get; private set; } = null!;

    public string Role { get; set; } = "replica";

    public int Timeline { get; set; } = 1;

    public bool Sync { get; set; }

    public long Lag { get; set; }

    /// <summary>Makes the member answer slowly, like a hung Patroni.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Replaces the /patroni body, e.g. with something that is not JSON.</summary>
    public string? StatusOverride { get; set; }

    public bool Alive => _app is not null;

    public static async Task<FakePatroniMember> StartAsync(string name, FakePatroniCluster cluster)
    {
        var member = new FakePatroniMember(name);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/patroni", async (CancellationToken ct) =>
        {
            await Task.Delay(member.Delay, ct);
            return Results.Text(member.StatusOverride ?? cluster.StatusJson(member), "application/json");
        });
        app.MapGet("/cluster", async (CancellationToken ct) =>
        {
            await Task.Delay(member.Delay, ct);
            return Results.Text(cluster.ClusterJson(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        member.ApiUrl = new Uri(address.TrimEnd('/') + "/");
        member._app = app;
        return member;
    }

    public async Task KillAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await app.StopAsync(grace.Token);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
