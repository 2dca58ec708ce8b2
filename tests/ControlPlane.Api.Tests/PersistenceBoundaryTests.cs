using System.Reflection;
using ControlPlane.Persistence;
using Microsoft.Extensions.Hosting;

namespace ControlPlane.Api.Tests;

/// <summary>
/// ControlPlane.Persistence holds storage only (the README's project table): whatever runs on its own in the API process,
/// the outbox dispatcher, the consumers recording worker events and the deadline sweeper, lives in ControlPlane.Recording.
/// </summary>
public sealed class PersistenceBoundaryTests
{
    private static readonly Assembly Persistence = typeof(ControlPlaneDbContext).Assembly;

    [Fact]
    public void Should_hold_no_background_service_in_persistence()
    {
        var hosted = Persistence.GetTypes().Where(t => typeof(IHostedService).IsAssignableFrom(t)).Select(t => t.FullName);

        Assert.Empty(hosted);
    }

    [Fact]
    public void Should_not_reference_the_bus_from_persistence()
    {
        // The compiler keeps a reference only where the code uses it, so this sees a consumer or a send as well.
        var bus = Persistence.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(name => name.StartsWith("MassTransit", StringComparison.Ordinal) || name.StartsWith("RabbitMQ", StringComparison.Ordinal));

        Assert.Empty(bus);
    }
}
