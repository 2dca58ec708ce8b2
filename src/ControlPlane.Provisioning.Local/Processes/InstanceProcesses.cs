using ControlPlane.Provisioning.Local.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// Starts, adopts and stops the processes of one instance: per slot a Patroni member or a Raft witness, and
/// one HAProxy. Every start first checks the pid file and the port, so an adopted process is never doubled.
/// </summary>
public sealed class InstanceProcesses(
    IOptions<LocalDriverOptions> options,
    ProcessLauncher launcher,
    TimeProvider timeProvider,
    ILogger<InstanceProcesses> logger)
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ForcedStop = TimeSpan.FromSeconds(10);

    public bool IsPatroniAlive(InstanceLayout layout, int slot) =>
        ProcessInspector.ReadPidFile(layout.PatroniPidFile(slot)) is { } pid && ProcessInspector.IsAlive(pid, layout.PatroniConfig(slot));

    public int? PatroniPid(InstanceLayout layout, int slot) =>
        ProcessInspector.ReadPidFile(layout.PatroniPidFile(slot)) is { } pid && ProcessInspector.IsAlive(pid, layout.PatroniConfig(slot)) ? pid : null;

    /// <summary>The member's Patroni died on its own: its pid file is left (a stop on purpose removes it) but nothing runs under it.</summary>
    public bool HasCrashed(InstanceLayout layout, int slot) =>
        ProcessInspector.ReadPidFile(layout.PatroniPidFile(slot)) is not null && !IsPatroniAlive(layout, slot);

    public int? PostmasterPid(InstanceLayout layout, int slot) =>
        ProcessInspector.ReadPidFile(layout.PostmasterPidFile(slot)) is { } pid && ProcessInspector.IsAlive(pid, layout.PostgresDataDirectory(slot)) ? pid : null;

    public bool IsWitnessAlive(InstanceLayout layout, int slot) =>
        ProcessInspector.ReadPidFile(layout.WitnessPidFile(slot)) is { } pid && ProcessInspector.IsAlive(pid, layout.WitnessConfig(slot));

    public bool IsHaproxyAlive(InstanceLayout layout) =>
        ProcessInspector.ReadPidFile(layout.HaproxyPidFile) is { } pid && ProcessInspector.IsAlive(pid, layout.HaproxyConfig);

    /// <summary>
    /// Makes the slot run what the state says: a Patroni member below <see cref="InstanceState.Members"/>, a witness above.
    /// Returns a short description of what it started or stopped, or null when nothing had to change.
    /// A member that ran and died is started again only when <paramref name="restartCrashed"/> says so: that is the
    /// supervisor's call, made once the member's leader key has lapsed (see <see cref="LocalMemberSupervisor"/>).
    /// </summary>
    public async Task<string?> EnsureSlotAsync(InstanceState state, InstanceLayout layout, int slot, bool restartCrashed, CancellationToken cancellationToken)
    {
        var ports = state.Slots[slot];
        if (slot < state.Members)
        {
            if (IsWitnessAlive(layout, slot))
            {
                await StopAsync(ProcessInspector.ReadPidFile(layout.WitnessPidFile(slot)), layout.WitnessConfig(slot), NativeMethods.SigTerm, cancellationToken);
            }

            if (IsPatroniAlive(layout, slot) || !File.Exists(layout.PatroniConfig(slot)))
            {
                return null;
            }

            if (!restartCrashed && HasCrashed(layout, slot))
            {
                // A crashed leader started again at once still holds its leader key, so Patroni lets it take the primary
                // back after crash recovery instead of failing over to a healthy replica. Only the supervisor restarts it.
                return null;
            }

            if (await IsListeningAsync(ports.Rest, cancellationToken) || await IsListeningAsync(ports.Raft, cancellationToken))
            {
                // Something listens on the member's ports without a pid file we know: never start a second Patroni.
                logger.LogWarning("Not starting {Member}: its REST or Raft port is held by another process", state.MemberName(slot));
                return null;
            }

            // A postmaster left running by a killed Patroni is adopted: Patroni finds it through postmaster.pid and
            // demotes or rewinds it as the DCS dictates, which the recipes verified; stopping it first would only add downtime.
            await launcher.StartAsync(
                options.Value.PatroniExecutable, [layout.PatroniConfig(slot)], layout.PatroniPidFile(slot), layout.PatroniLog(slot),
                layout.SlotDirectory(slot), cancellationToken);
            logger.LogInformation("Started Patroni for {Member} of instance {InstanceId}", state.MemberName(slot), state.InstanceId);
            return $"started {state.MemberName(slot)}";
        }

        if (IsPatroniAlive(layout, slot) || PostmasterPid(layout, slot) is not null)
        {
            await StopMemberAsync(layout, slot, graceful: true, cancellationToken);
        }

        if (IsWitnessAlive(layout, slot) || !File.Exists(layout.WitnessConfig(slot)))
        {
            return null;
        }

        if (await IsListeningAsync(ports.Raft, cancellationToken))
        {
            logger.LogWarning("Not starting the witness in slot {Slot} of instance {InstanceId}: its Raft port is busy", slot, state.InstanceId);
            return null;
        }

        await launcher.StartAsync(
            options.Value.RaftControllerExecutable, [layout.WitnessConfig(slot)], layout.WitnessPidFile(slot), layout.WitnessLog(slot),
            layout.SlotDirectory(slot), cancellationToken);
        logger.LogInformation("Started the Raft witness in slot {Slot} of instance {InstanceId}", slot, state.InstanceId);
        return $"started witness {slot}";
    }

    /// <summary>Starts HAProxy, or reloads it in place (<c>-sf</c>) when its configuration changed.</summary>
    public async Task EnsureHaproxyAsync(InstanceLayout layout, bool configurationChanged, CancellationToken cancellationToken)
    {
        var alive = IsHaproxyAlive(layout);
        if (alive && !configurationChanged)
        {
            return;
        }

        var script = $"exec '{options.Value.HaproxyExecutable}' -f '{layout.HaproxyConfig}' -D -p '{layout.HaproxyPidFile}'";
        if (alive && ProcessInspector.ReadPidFile(layout.HaproxyPidFile) is { } old)
        {
            script += $" -sf {old}";
        }

        var exitCode = await launcher.RunToCompletionAsync(["/bin/sh", "-c", script + $" >> '{layout.HaproxyLog}' 2>&1"], layout.HaproxyDirectory, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"HAProxy did not start (exit code {exitCode}); see {layout.HaproxyLog}");
        }

        logger.LogInformation("{Action} HAProxy for {Directory}", alive ? "Reloaded" : "Started", layout.Root);
    }

    /// <summary>Stops a member's Patroni and PostgreSQL: gracefully when removing a member, immediately when deleting.</summary>
    public async Task StopMemberAsync(InstanceLayout layout, int slot, bool graceful, CancellationToken cancellationToken)
    {
        var patroni = ProcessInspector.ReadPidFile(layout.PatroniPidFile(slot));
        if (graceful && patroni is { } pid && ProcessInspector.IsAlive(pid, layout.PatroniConfig(slot)))
        {
            // SIGTERM makes Patroni shut PostgreSQL down cleanly and leave the DCS.
            ProcessInspector.Signal(pid, NativeMethods.SigTerm);
            await WaitUntilGoneAsync(pid, layout.PatroniConfig(slot), GracefulStop, cancellationToken);
        }

        await StopAsync(patroni, layout.PatroniConfig(slot), NativeMethods.SigKill, cancellationToken);
        // Without Patroni the postmaster keeps running; SIGQUIT is PostgreSQL's immediate shutdown (pg_ctl -m immediate).
        await StopAsync(ProcessInspector.ReadPidFile(layout.PostmasterPidFile(slot)), layout.PostgresDataDirectory(slot), NativeMethods.SigQuit, cancellationToken);
        // Stopped on purpose: the pid file is what tells a crashed member (HasCrashed) from one stopped or never started.
        if (File.Exists(layout.PatroniPidFile(slot)))
        {
            File.Delete(layout.PatroniPidFile(slot));
        }
    }

    public Task StopWitnessAsync(InstanceLayout layout, int slot, CancellationToken cancellationToken) =>
        StopAsync(ProcessInspector.ReadPidFile(layout.WitnessPidFile(slot)), layout.WitnessConfig(slot), NativeMethods.SigTerm, cancellationToken);

    /// <summary>Immediate shutdown of everything the instance runs; returns true once no process of it is left.</summary>
    public async Task<bool> StopEverythingAsync(InstanceLayout layout, CancellationToken cancellationToken)
    {
        for (var slot = 0; slot < InstanceState.SlotCount; slot++)
        {
            await StopMemberAsync(layout, slot, graceful: false, cancellationToken);
            await StopAsync(ProcessInspector.ReadPidFile(layout.WitnessPidFile(slot)), layout.WitnessConfig(slot), NativeMethods.SigKill, cancellationToken);
        }

        await StopAsync(ProcessInspector.ReadPidFile(layout.HaproxyPidFile), layout.HaproxyConfig, NativeMethods.SigKill, cancellationToken);

        // Anything else started from this directory (a pid file lost in a crash) goes too.
        foreach (var stray in ProcessInspector.FindByCommandLine(layout.Root))
        {
            ProcessInspector.Signal(stray, NativeMethods.SigKill);
        }

        return ProcessInspector.FindByCommandLine(layout.Root).Count == 0;
    }

    private async Task StopAsync(int? pid, string marker, int signal, CancellationToken cancellationToken)
    {
        if (pid is not { } target || !ProcessInspector.IsAlive(target, marker))
        {
            return;
        }

        ProcessInspector.Signal(target, signal);
        if (!await WaitUntilGoneAsync(target, marker, ForcedStop, cancellationToken))
        {
            ProcessInspector.Signal(target, NativeMethods.SigKill);
            await WaitUntilGoneAsync(target, marker, ForcedStop, cancellationToken);
        }
    }

    private async Task<bool> WaitUntilGoneAsync(int pid, string marker, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + timeout;
        while (ProcessInspector.IsAlive(pid, marker))
        {
            if (timeProvider.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken);
        }

        return true;
    }

    private Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken) =>
        PortProbe.IsListeningAsync(options.Value.Host, port, cancellationToken);
}
