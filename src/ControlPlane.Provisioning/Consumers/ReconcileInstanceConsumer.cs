using ControlPlane.Contracts.Commands;
using ControlPlane.Provisioning.Reconciliation;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Consumers;

/// <summary>
/// A nudge only: remember which operation asked for which generation, and queue the instance id. The reconcile that
/// follows re-reads the newest spec, so a redelivered, duplicated or out-of-order command changes nothing twice and
/// per-instance message ordering is not needed.
/// </summary>
public sealed class ReconcileInstanceConsumer(ReconcileQueue queue, PendingOperations operations, ILogger<ReconcileInstanceConsumer> logger)
    : IConsumer<ReconcileInstance>
{
    public Task Consume(ConsumeContext<ReconcileInstance> context)
    {
        var command = context.Message;
        operations.Remember(command.InstanceId, command.Generation, command.OperationId, command.RequestedAt);
        var queued = queue.Enqueue(command.InstanceId);
        logger.LogDebug("Reconcile of instance {InstanceId} requested for generation {Generation} by operation {OperationId} ({Queued})",
            command.InstanceId, command.Generation, command.OperationId, queued ? "queued" : "already queued");
        return Task.CompletedTask;
    }
}
