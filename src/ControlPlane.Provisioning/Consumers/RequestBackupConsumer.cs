using ControlPlane.Contracts.Commands;
using ControlPlane.Provisioning.Ownership;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Consumers;

/// <summary>
/// A wake-up only, like <see cref="RequestSwitchoverConsumer"/>: the owner's pass reads the backup operation and its kind
/// from the view and starts it once (see <see cref="BackupRuns.BackupExecutor"/>), so a redelivered or duplicated command,
/// or one whose operation failed meanwhile, takes no second backup.
/// </summary>
public sealed class RequestBackupConsumer(OwnerWakeups wakeups, ILogger<RequestBackupConsumer> logger) : IConsumer<RequestBackup>
{
    public async Task Consume(ConsumeContext<RequestBackup> context)
    {
        var command = context.Message;
        var route = await wakeups.WakeAsync(new OwnerWakeup(command.InstanceId, "backup"), context.CancellationToken);
        logger.LogDebug("Backup ({Kind}) of instance {InstanceId} requested by operation {OperationId} ({Route})",
            command.Kind, command.InstanceId, command.OperationId, route);
    }
}
