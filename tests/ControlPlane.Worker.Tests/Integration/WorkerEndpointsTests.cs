using System.Net;
using ControlPlane.Contracts.Commands;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Worker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Worker.Tests.Integration;

/// <summary>The worker's own port: liveness, readiness (metadata database and broker) and its metrics.</summary>
public sealed class WorkerEndpointsTests : IAsyncLifetime
{
    private WorkerHost _worker = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        if (TestServices.Configured(TestServices.RabbitMqVariable) is not null && TestServices.Configured(TestServices.PostgresVariable) is not null)
        {
            _worker = await WorkerHost.StartAsync(withEndpoints: true);
            _http = new HttpClient { BaseAddress = _worker.EndpointsUrl };
        }
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    [BusFact]
    public async Task Should_answer_healthz_and_readyz_once_database_and_broker_are_reachable()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/healthz")).StatusCode);
        await UntilAsync(async () => (await _http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz to answer 200");
    }

    [BusFact]
    public async Task Should_export_reconcile_outcomes_and_probe_latency_on_metrics_after_a_pass()
    {
        var row = TestRows.Instance(_worker.Region);
        await _worker.Database.UpsertAsync(row);
        var operationId = Guid.NewGuid();
        await _worker.SendAsync(new ReconcileInstance(row.InstanceId, Guid.NewGuid(), _worker.Region, 1, operationId, "create", DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(() => _worker.EventsOf<InstanceReady>(row.InstanceId).Any(r => r.OperationId == operationId), "InstanceReady");
        // A probe of a member nobody listens for still takes time, and is measured.
        var prober = _worker.Services.GetRequiredService<PatroniInstanceProber>();
        await prober.ProbeAsync(row.InstanceId, new MonitoredInstance(1, new HighAvailabilityExpectation(1, false, false),
            [new PatroniMemberEndpoint("member-0", new Uri("http://127.0.0.1:1"))]), CancellationToken.None);

        var metrics = "";
        await UntilAsync(async () =>
        {
            metrics = await _http.GetStringAsync("/metrics");
            // A ready instance is requeued to confirm its report, so the pass counts as requeued (or succeeded).
            return metrics.Contains("controlplane_reconcile_passes_total{", StringComparison.Ordinal)
                && (metrics.Contains("outcome=\"requeued\"", StringComparison.Ordinal) || metrics.Contains("outcome=\"succeeded\"", StringComparison.Ordinal))
                && metrics.Contains("controlplane_reconcile_duration_seconds_count", StringComparison.Ordinal)
                && metrics.Contains("controlplane_health_probe_duration_seconds_count", StringComparison.Ordinal);
        }, "the reconcile and probe instruments on /metrics", () => string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("controlplane", StringComparison.Ordinal))));
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<string>? lastSeen = null)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting for {what}; last seen: {lastSeen?.Invoke()}");
            await Task.Delay(100);
        }
    }
}
