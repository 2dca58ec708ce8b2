using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using ControlPlane.Provisioning.Ownership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local;

/// <summary>
/// The kubelet of the local driver: every few seconds it checks each recorded instance's processes and
/// starts the dead ones again (a restarted member rejoins as a replica, through pg_rewind when needed).
/// Its first pass after a worker restart is what adopts running clusters: live pids are left alone.
/// Only the instance's owner supervises it (every worker on the machine sees every recorded instance): the lease is
/// checked before each start, and its token cancels a start under way once it runs out, so a worker frozen past its
/// lease does not restart members its successor now looks after.
/// </summary>
public sealed class LocalMemberSupervisor(
    IOptions<LocalDriverOptions> options,
    InstanceStateStore store,
    InstanceLocks locks,
    InstanceProcesses processes,
    IInstanceOwnership ownership,
    TimeProvider timeProvider,
    ILogger<LocalMemberSupervisor> logger) : BackgroundService
{
    private readonly Dictionary<(Guid Instance, int Slot), DateTimeOffset> _seenDead = [];

    /// <summary>One supervision pass over every instance; an instance busy with a reconcile or delete is skipped until the next pass.</summary>
    public async Task<int> SuperviseOnceAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var recorded in store.ReadAll())
        {
            if (ownership.TryGet(recorded.InstanceId) is not { } lease)
            {
                ForgetDeaths(recorded.InstanceId);
                continue;
            }

            var instanceLock = locks.For(recorded.InstanceId);
            if (!await instanceLock.WaitAsync(TimeSpan.Zero, cancellationToken))
            {
                continue;
            }

            try
            {
                // Re-read under the lock: a delete or scale-down may have changed the instance meanwhile.
                if (store.Read(recorded.InstanceId) is not { } state)
                {
                    continue;
                }

                using var fenced = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
                var layout = store.Layout(state.InstanceId);
                for (var slot = 0; slot < InstanceState.SlotCount; slot++)
                {
                    if (!DueForStart(state, layout, slot))
                    {
                        continue;
                    }

                    if (!lease.IsValid)
                    {
                        break;
                    }

                    if (await processes.EnsureSlotAsync(state, layout, slot, restartCrashed: true, fenced.Token) is { } action)
                    {
                        logger.LogWarning("Supervisor {Action} of instance {InstanceId}: the process was not running", action, state.InstanceId);
                        started++;
                    }
                }

                if (lease.IsValid && File.Exists(layout.HaproxyConfig) && !processes.IsHaproxyAlive(layout))
                {
                    await processes.EnsureHaproxyAsync(layout, configurationChanged: false, fenced.Token);
                    started++;
                }
            }
            finally
            {
                instanceLock.Release();
            }
        }

        return started;
    }

    /// <summary>A member seen dead while another worker owned the instance is timed afresh once this one owns it.</summary>
    private void ForgetDeaths(Guid instanceId)
    {
        foreach (var key in _seenDead.Keys.Where(k => k.Instance == instanceId).ToList())
        {
            _seenDead.Remove(key);
        }
    }

    /// <summary>A dead member is started only once it has been dead for the restart delay (witnesses at once).</summary>
    private bool DueForStart(InstanceState state, InstanceLayout layout, int slot)
    {
        var key = (state.InstanceId, slot);
        if (slot >= state.Members || processes.IsPatroniAlive(layout, slot) || !File.Exists(layout.PatroniConfig(slot)))
        {
            _seenDead.Remove(key);
            return true;
        }

        var now = timeProvider.GetUtcNow();
        if (!_seenDead.TryGetValue(key, out var since))
        {
            _seenDead[key] = now;
            since = now;
            logger.LogWarning("Member {Member} of instance {InstanceId} is not running; starting it again in {Delay}",
                state.MemberName(slot), state.InstanceId, options.Value.EffectiveRestartDelay);
        }

        if (now - since < options.Value.EffectiveRestartDelay)
        {
            return false;
        }

        _seenDead.Remove(key);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Supervising local instances under {Directory}", options.Value.DataDirectory);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SuperviseOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Supervision pass failed; retrying in {Interval}", options.Value.SupervisionInterval);
            }

            try
            {
                await Task.Delay(options.Value.SupervisionInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
