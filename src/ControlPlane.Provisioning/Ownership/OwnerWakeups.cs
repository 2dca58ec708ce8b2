using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Reconciliation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// Gets a wake-up to the owner's reconcile queue, whoever consumed the command: commands come from one region queue that
/// every worker consumes, and a non-owner must neither act nor drop them. A non-owner sends pg_notify on the owner's own
/// channel (<see cref="OwnerWakeupListener"/> listens there); the owner's periodic generation check and the queueing of a
/// whole shard on acquisition cover a wake-up lost on the way.
/// </summary>
public sealed class OwnerWakeups(
    IInstanceOwnership ownership,
    ShardLeaseStore store,
    WorkerMetadataDataSource metadata,
    ReconcileQueue queue,
    PendingOperations operations,
    IOptions<WorkerOptions> worker,
    ILogger<OwnerWakeups> logger)
{
    public async Task<WakeupRoute> WakeAsync(OwnerWakeup wakeup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wakeup);
        if (ownership.TryGet(wakeup.InstanceId) is not null)
        {
            Deliver(wakeup);
            return WakeupRoute.Local;
        }

        var holder = await store.HolderAsync(worker.Value.Region, InstanceShards.Of(wakeup.InstanceId), cancellationToken);
        if (holder is null)
        {
            logger.LogDebug("No worker owns instance {InstanceId} right now; its next owner queues it on taking the shard", wakeup.InstanceId);
            return WakeupRoute.NoOwner;
        }

        if (string.Equals(holder, ownership.WorkerId, StringComparison.Ordinal))
        {
            // Held in the database but not trusted here yet (a round in flight): the pass re-checks before it acts.
            Deliver(wakeup);
            return WakeupRoute.Local;
        }

        await using var command = metadata.DataSource.CreateCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ChannelOf(holder) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(wakeup) });
        await command.ExecuteNonQueryAsync(cancellationToken);
        logger.LogDebug("Wake-up ({Reason}) for instance {InstanceId} forwarded to its owner {Owner}", wakeup.Reason, wakeup.InstanceId, holder);
        return WakeupRoute.Forwarded;
    }

    /// <summary>Queues the instance here, remembering the operation the command carried.</summary>
    public void Deliver(OwnerWakeup wakeup)
    {
        ArgumentNullException.ThrowIfNull(wakeup);
        if (wakeup is { Generation: { } generation, OperationId: { } operationId, RequestedAt: { } requestedAt })
        {
            operations.Remember(wakeup.InstanceId, generation, operationId, requestedAt);
        }

        queue.Enqueue(wakeup.InstanceId);
    }

    /// <summary>A worker's channel: a plain identifier whatever the worker id holds, and under NOTIFY's 63-byte limit.</summary>
    public static string ChannelOf(string workerId) =>
        "controlplane_owner_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workerId)))[..32];

    public static OwnerWakeup? Parse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<OwnerWakeup>(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
