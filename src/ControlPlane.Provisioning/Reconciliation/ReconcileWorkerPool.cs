using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>A fixed number of loops that take instance ids from the queue and reconcile them.</summary>
public sealed class ReconcileWorkerPool(ReconcileQueue queue, ReconcileProcessor processor, IOptions<ReconcilerOptions> options)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var instanceId = await queue.TakeAsync(stoppingToken);
                await processor.ProcessAsync(instanceId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
