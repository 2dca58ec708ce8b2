using ControlPlane.Contracts.Commands;
using ControlPlane.Provisioning.Ownership;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Consumers;

/// <summary>
/// A wake-up only: queue the instance's reconcile pass at its owner (here, or forwarded to the worker that owns it). The
/// pass, run by the owner under its lease, reads the switchover operation from the view and asks Patroni for it once
/// (see <see cref="Switchovers.SwitchoverExecutor"/>), so a redelivered or duplicated command, or one for an operation
/// that failed or was superseded meanwhile, does nothing. With no owner at this moment nothing is lost either: the next
/// owner queues every instance of the shard it takes, and the pass finds the operation in the view.
/// </summary>
public sealed class RequestSwitchoverConsumer(OwnerWakeups wakeups, ILogger<RequestSwitchoverConsumer> logger) : IConsumer<RequestSwitchover>
{
    public async Task Consume(ConsumeContext<RequestSwitchover> context)
    {
        var command = context.Message;
        var route = await wakeups.WakeAsync(new OwnerWakeup(command.InstanceId, "switchover"), context.CancellationToken);
        logger.LogDebug("Switchover of instance {InstanceId} requested by operation {OperationId} ({Route})",
            command.InstanceId, command.OperationId, route);
    }
}
