using ControlPlane.Contracts.Commands;
using ControlPlane.Provisioning.Ownership;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Consumers;

/// <summary>
/// A nudge only: remember which operation asked for which generation, and queue the instance id at its owner (here, or
/// forwarded to the worker that owns it: any worker of the region may consume the command). The reconcile that follows
/// re-reads the newest spec, so a redelivered, duplicated or out-of-order command changes nothing twice and
/// per-instance message ordering is not needed.
/// </summary>
public sealed class ReconcileInstanceConsumer(OwnerWakeups wakeups, ILogger<ReconcileInstanceConsumer> logger)
    : IConsumer<ReconcileInstance>
{
    public async Task Consume(ConsumeContext<ReconcileInstance> context)
    {
        var command = context.Message;
        var route = await wakeups.WakeAsync(
            new OwnerWakeup(command.InstanceId, "reconcile", command.Generation, command.OperationId, command.RequestedAt),
            context.CancellationToken);
        logger.LogDebug("Reconcile of instance {InstanceId} requested for generation {Generation} by operation {OperationId} ({Route})",
            command.InstanceId, command.Generation, command.OperationId, route);
    }
}
