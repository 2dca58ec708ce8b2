using ControlPlane.Contracts.Commands;
using ControlPlane.Provisioning.Reconciliation;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Consumers;

/// <summary>
/// A wake-up only: queue the instance's reconcile pass. The pass, run by the instance's owner under its lease, reads
/// the switchover operation from the view and asks Patroni for it once (see <see cref="Switchovers.SwitchoverExecutor"/>),
/// so a redelivered or duplicated command, or one for an operation that failed or was superseded meanwhile, does nothing.
/// </summary>
public sealed class RequestSwitchoverConsumer(ReconcileQueue queue, ILogger<RequestSwitchoverConsumer> logger) : IConsumer<RequestSwitchover>
{
    public Task Consume(ConsumeContext<RequestSwitchover> context)
    {
        var command = context.Message;
        var queued = queue.Enqueue(command.InstanceId);
        logger.LogDebug("Switchover of instance {InstanceId} requested by operation {OperationId} ({Queued})",
            command.InstanceId, command.OperationId, queued ? "queued" : "already queued");
        return Task.CompletedTask;
    }
}
