using System.Text.Json.Nodes;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Backups;
using ControlPlane.Provisioning.Local.Configuration;
using ControlPlane.Provisioning.Local.Patroni;
using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using ControlPlane.Provisioning.Patroni;
using Microsoft.Extensions.DependencyInjection;
using ControlPlane.Provisioning.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local;

/// <summary>
/// Runs each instance as a real Patroni cluster of local processes: one Patroni + PostgreSQL per member,
/// Raft as the DCS (witnesses fill empty voter slots), HAProxy standing in for the Kubernetes Services.
/// Level-triggered: every pass writes the configs, ensures the processes, then observes Patroni and patches what differs.
/// </summary>
public sealed class LocalInstanceDriver(
    IOptions<LocalDriverOptions> options,
    InstanceStateStore store,
    InstanceAllocator allocator,
    InstanceLocks locks,
    OwnedFiles files,
    InstanceProcesses processes,
    [FromKeyedServices(PatroniClient.DriverKey)] PatroniClient patroni,
    ClusterObserver observer,
    ApplicationDatabase database,
    LocalSwitchover switchover,
    EffectiveSettings effectiveSettings,
    PgBackRest pgBackRest,
    PgBackRestCatalog catalog,
    ILogger<LocalInstanceDriver> logger,
    TimeProvider? timeProvider = null,
    Health.IExpectedSwitchovers? expectedSwitchovers = null) : IInstanceDriver
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);

    /// <summary>Settings besides the sizes that need a restart to take effect (instances created before archiving existed).</summary>
    private static readonly IReadOnlyDictionary<string, string> RestartTexts = new Dictionary<string, string>(StringComparer.Ordinal) { ["archive_mode"] = "on" };

    public string Name => "local";

    private string Host => options.Value.Host;

    public async Task<ReconcileResult> ReconcileAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        var major = desired.Spec.PostgresVersion;
        var binDirectory = options.Value.PostgresBinDirectory(major);
        if (!File.Exists(Path.Combine(binDirectory, "postgres")))
        {
            return ReconcileResult.Failed("postgres-version", $"PostgreSQL {major} is not installed on this machine (no server binaries in {binDirectory}).");
        }

        if (!File.Exists(pgBackRest.Options.Executable))
        {
            return ReconcileResult.Failed("archiving", $"pgBackRest is not installed on this machine (no {pgBackRest.Options.Executable}); every instance archives its WAL with it.");
        }

        var instanceLock = locks.For(desired.InstanceId);
        await instanceLock.WaitAsync(cancellationToken);
        try
        {
            var state = await allocator.LoadOrCreateAsync(desired, cancellationToken);
            if (state.PostgresMajor != major)
            {
                return ReconcileResult.Failed("postgres-version", $"Changing PostgreSQL {state.PostgresMajor} to {major} in place is not supported by the local driver.");
            }

            var wanted = desired.Spec.HighAvailability.Members;
            if (wanted > state.Members)
            {
                // Scale up (or HA on): the new slots swap their witness for a Patroni member that clones from the leader.
                state = state with { Members = wanted };
            }

            // Storage size has no meaning for local directories: it is recorded, not enforced.
            state = state with { Plan = desired.Resources.Plan, StorageGb = desired.Spec.StorageGb };
            var layout = store.Layout(state.InstanceId);
            pgBackRest.EnsureInstallation();
            if (desired.Source is { } source && state.Restore is null && !state.StanzaCreated && !HasEverRun(layout))
            {
                var planned = await PlanRestoreAsync(source, cancellationToken);
                if (planned.Failure is { } failure)
                {
                    return failure;
                }

                state = state with { Restore = planned.Plan };
                logger.LogInformation("Instance {InstanceId} is restored from {Source} to {Target}", state.InstanceId, source.InstanceId, planned.Plan!.TargetTime?.ToString("O") ?? "the end of its archive");
            }

            store.Write(state);

            var dynamic = DynamicSettingsFactory.Build(desired, options.Value, pgBackRest.Options);
            await WriteConfigsAndEnsureProcessesAsync(state, layout, dynamic, desired.Credentials, binDirectory, cancellationToken);

            if (state.Restore is { } pending && !state.StanzaCreated && RestoreFailure(state, layout) is { } restoreFailure)
            {
                return ReconcileResult.Failed("restore", $"Restoring from stanza {pending.SourceStanza} failed: {restoreFailure}");
            }

            if (await observer.ObserveAsync(state, cancellationToken) is not { } view)
            {
                return ReconcileResult.Requeue("members", "waiting for Patroni members to start and answer", Soon);
            }

            var leader = view.Leader;
            if (leader is null || !leader.IsRunning || state.SlotOf(leader.Name) is not { } leaderSlot
                || await patroni.ProbeAsync(MemberApi(state, leaderSlot), "/primary", cancellationToken) != 200)
            {
                return ReconcileResult.Requeue("leader", "waiting for a leader to be elected and running", Soon);
            }

            if (!state.StanzaCreated)
            {
                // Its own stanza before anything archives: a restored instance is a new timeline and must not write into its source's.
                var created = await pgBackRest.RunAsync(
                    PgBackRest.MemberConfig(layout, leaderSlot), BackupPaths.Stanza(state.InstanceId), ["stanza-create"], cancellationToken);
                if (!created.Succeeded)
                {
                    return ReconcileResult.Requeue("archiving", $"creating the pgBackRest stanza failed: {created.Problem()}", Soon);
                }

                state = state with { StanzaCreated = true };
                store.Write(state);
                logger.LogInformation("Created the pgBackRest stanza of {Instance}; its WAL is archived from now on", desired.Name);
            }

            var leaderApi = MemberApi(state, leaderSlot);
            var credentials = desired.Credentials;
            var live = await patroni.GetConfigAsync(leaderApi, cancellationToken);
            if (live.Body is null)
            {
                return ReconcileResult.Requeue("configuration", $"could not read Patroni's configuration from {leader.Name}: {live.Error}", Soon);
            }

            var differences = dynamic.DifferencesFrom(live.Body);
            if (differences.Count > 0)
            {
                var patched = await patroni.PatchConfigAsync(leaderApi, dynamic.ToJson(), credentials, cancellationToken);
                if (patched.StatusCode is not (>= 200 and < 300))
                {
                    return ReconcileResult.Requeue("configuration", $"Patroni refused the configuration change ({patched.StatusCode}): {patched.Body ?? patched.Error}", Soon);
                }

                logger.LogInformation("Patched the dynamic configuration of {Instance}: {Settings}", desired.Name, string.Join(", ", differences));
                return ReconcileResult.Requeue("configuration", $"applied {string.Join(", ", differences)}; waiting for Patroni to pick it up", Soon);
            }

            var memory = DynamicSettingsFactory.MemorySettings(desired.Resources.MemoryMb, options.Value.MemoryScale);
            if (await ApplyMemorySettingsAsync(state, view, memory, credentials, cancellationToken) is { } applying)
            {
                return ReconcileResult.Requeue("configuration", applying, Soon);
            }

            if (state.Members > wanted)
            {
                return await RemoveHighestMemberAsync(state, layout, view, leader, dynamic.SynchronousMode, credentials, cancellationToken);
            }

            var replicas = view.RunningReplicas.Count(r => state.SlotOf(r.Name) is { } slot && slot < wanted);
            if (replicas < wanted - 1)
            {
                return ReconcileResult.Requeue("replicas", $"waiting for {wanted - 1} replica(s) to stream from {leader.Name} ({replicas} streaming)", Soon);
            }

            if (dynamic.SynchronousMode && wanted > 1 && !view.Members.Any(m => m.IsSyncStandby && m.IsRunning))
            {
                return ReconcileResult.Requeue("replicas", "waiting for Patroni to choose a synchronous standby", Soon);
            }

            var changes = await database.EnsureAsync(
                PostgresServer.Local(Host, state.Slots[leaderSlot].Postgres, PatroniConfigBuilder.SuperuserName), credentials, cancellationToken);
            if (changes.Count > 0)
            {
                logger.LogInformation("Application database of {Instance}: {Changes}", desired.Name, string.Join(", ", changes));
            }

            var endpoints = new InstanceEndpoints(Host, state.PrimaryPort, wanted > 1 ? Host : null, wanted > 1 ? state.ReplicaPort : null);
            return ReconcileResult.Done(endpoints, leader.Name, $"{leader.Name} leads {wanted - 1} streaming replica(s)");
        }
        finally
        {
            instanceLock.Release();
        }
    }

    public async Task<bool> DeleteAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        var instanceLock = locks.For(desired.InstanceId);
        await instanceLock.WaitAsync(cancellationToken);
        try
        {
            var layout = store.Layout(desired.InstanceId);
            if (!Directory.Exists(layout.Root))
            {
                return true;
            }

            if (!await processes.StopEverythingAsync(layout, cancellationToken))
            {
                return false;
            }

            files.DeleteDirectory(layout.Root);
            logger.LogInformation("Deleted instance {InstanceId} and its directory", desired.InstanceId);
            return !Directory.Exists(layout.Root);
        }
        finally
        {
            instanceLock.Release();
        }
    }

    public Task<SwitchoverOutcome> SwitchoverAsync(DesiredInstance desired, string? targetMember, CancellationToken cancellationToken) =>
        switchover.SwitchoverAsync(desired, targetMember, cancellationToken);

    public Task<IReadOnlyList<PatroniMemberEndpoint>> GetPatroniEndpointsAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        IReadOnlyList<PatroniMemberEndpoint> endpoints = store.Read(desired.InstanceId) is { } state
            ? [.. Enumerable.Range(0, state.Members).Select(slot => new PatroniMemberEndpoint(state.MemberName(slot), MemberApi(state, slot)))]
            : [];
        return Task.FromResult(endpoints);
    }

    public Task<IReadOnlyCollection<Guid>> ListManagedInstancesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyCollection<Guid>>([.. store.ReadAll().Select(s => s.InstanceId)]);

    private Uri MemberApi(InstanceState state, int slot) => state.RestApi(slot, Host);

    /// <summary>
    /// Patroni exits when a custom bootstrap fails (it moves the data directory aside first and logs "Failed to bootstrap
    /// cluster"), so a restore that cannot succeed shows as a crashed member with that line before the instance ever had a
    /// stanza. Any other crash (a port taken at start) is not a restore failure and stays the supervisor's to restart.
    /// The reason is the last error pgBackRest or PostgreSQL wrote before it.
    /// </summary>
    private string? RestoreFailure(InstanceState state, InstanceLayout layout)
    {
        for (var slot = 0; slot < state.Members; slot++)
        {
            if (!processes.HasCrashed(layout, slot) || files.ReadOrNull(layout.PatroniLog(slot)) is not { } log
                || log.LastIndexOf("Failed to bootstrap cluster", StringComparison.Ordinal) is var failedAt && failedAt < 0)
            {
                continue;
            }

            var reason = log[..failedAt].Split('\n')
                .LastOrDefault(line => line.Contains("ERROR", StringComparison.Ordinal) || line.Contains("FATAL", StringComparison.Ordinal));
            return reason?.Trim() ?? $"Patroni's bootstrap from the backup did not succeed; see {layout.PatroniLog(slot)}";
        }

        return null;
    }

    private static bool HasEverRun(InstanceLayout layout) =>
        Enumerable.Range(0, InstanceState.SlotCount).Any(slot => Directory.Exists(layout.PostgresDataDirectory(slot)));

    /// <summary>
    /// Checks the source's window and fixes the target once. A time at or after the newest archived WAL means the end of
    /// the archive: nothing later exists, and PostgreSQL refuses a time target it cannot pass a commit beyond.
    /// </summary>
    private async Task<(RestorePlan? Plan, ReconcileResult? Failure)> PlanRestoreAsync(Provisioning.Backups.RestoreSource source, CancellationToken cancellationToken)
    {
        var stanza = BackupPaths.Stanza(source.InstanceId);
        if (await catalog.WindowAsync(stanza, cancellationToken) is not { } window)
        {
            return (null, ReconcileResult.Failed("restore", $"Instance {source.InstanceId} has no backup to restore from."));
        }

        if (source.PointInTime is not { } pointInTime || pointInTime >= window.Latest)
        {
            return (new RestorePlan(stanza, null), null);
        }

        // The set is chosen here, from the same bound as the window: pgBackRest's own choice compares whole seconds.
        return PgBackRestCatalog.NewestBefore(await catalog.ListAsync(stanza, cancellationToken), pointInTime) is { } backup
            ? (new RestorePlan(stanza, pointInTime, backup.Id), null)
            : (null, ReconcileResult.Failed("restore", $"{pointInTime:O} is before the recovery window of instance {source.InstanceId} ({window})."));
    }

    private async Task WriteConfigsAndEnsureProcessesAsync(
        InstanceState state, InstanceLayout layout, DynamicSettings dynamic, InstanceCredentials credentials, string binDirectory, CancellationToken cancellationToken)
    {
        files.EnsureDirectory(layout.Root);
        for (var slot = 0; slot < InstanceState.SlotCount; slot++)
        {
            files.EnsureDirectory(layout.SlotDirectory(slot));
            files.EnsureDirectory(layout.RaftDirectory(slot));
            var witnessConfig = PatroniConfigBuilder.BuildWitness(state, slot, layout, credentials, Host);
            var witnessRaftChanged = PatroniConfigBuilder.RaftChanged(files.ReadOrNull(layout.WitnessConfig(slot)), witnessConfig);
            if (files.WriteIfChanged(layout.WitnessConfig(slot), witnessConfig) && witnessRaftChanged && processes.IsWitnessAlive(layout, slot))
            {
                // Raft settings (its password first of all, on an instance started before it had one) are read at start only.
                await processes.StopWitnessAsync(layout, slot, cancellationToken);
            }

            pgBackRest.WriteMemberConfig(state, layout, slot);
            var pgBackRestConfig = PgBackRest.MemberConfig(layout, slot);
            JsonObject? restoreBootstrap = null;
            if (state.Restore is { } restore)
            {
                var script = PgBackRest.RestoreScript(layout, slot);
                files.WriteIfChanged(script, PgBackRestConfigBuilder.BuildRestoreScript(pgBackRest.Options, pgBackRestConfig, layout.PostgresDataDirectory(slot), restore));
                restoreBootstrap = PgBackRestConfigBuilder.RestoreBootstrap(pgBackRest.Options, pgBackRestConfig, script, restore);
            }

            var archiveCommand = PgBackRestConfigBuilder.ArchiveCommand(pgBackRest.Options, pgBackRestConfig, BackupPaths.Stanza(state.InstanceId));
            var memberConfig = PatroniConfigBuilder.BuildMember(state, slot, layout, dynamic, credentials, binDirectory, Host, archiveCommand, restoreBootstrap);
            var memberRaftChanged = PatroniConfigBuilder.RaftChanged(files.ReadOrNull(layout.PatroniConfig(slot)), memberConfig);
            if (files.WriteIfChanged(layout.PatroniConfig(slot), memberConfig) && processes.PatroniPid(layout, slot) is { } pid)
            {
                if (memberRaftChanged)
                {
                    // SIGHUP does not reach the DCS settings: stopped on purpose, the member starts again in this pass.
                    logger.LogInformation("Restarting {Member}: its Raft settings changed", state.MemberName(slot));
                    await processes.StopMemberAsync(layout, slot, graceful: true, cancellationToken);
                }
                else
                {
                    // Patroni re-reads its local configuration (REST credentials, passwords) on SIGHUP.
                    ProcessInspector.Signal(pid, NativeMethods.SigHup);
                }
            }
        }

        // Witnesses first (slots above the member count), so Raft has a majority by the time the members start.
        for (var slot = InstanceState.SlotCount - 1; slot >= 0; slot--)
        {
            await processes.EnsureSlotAsync(state, layout, slot, restartCrashed: false, cancellationToken);
        }

        files.EnsureDirectory(layout.HaproxyDirectory);
        var haproxyChanged = files.WriteIfChanged(layout.HaproxyConfig, HaproxyConfigBuilder.Build(state, Host));
        await processes.EnsureHaproxyAsync(layout, haproxyChanged, cancellationToken);
    }

    /// <summary>
    /// Plan changes: shared_buffers needs a restart, which Patroni does on request once it flags it; so does archive_mode
    /// on an instance created before archiving was on.
    /// Replicas go first and the leader last, one member per pass.
    /// </summary>
    private async Task<string?> ApplyMemorySettingsAsync(
        InstanceState state, ClusterView view, IReadOnlyDictionary<string, string> memory, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        foreach (var member in view.Members.Where(m => m.IsRunning).OrderBy(m => m.IsLeader))
        {
            if (state.SlotOf(member.Name) is not { } slot || slot >= state.Members)
            {
                continue;
            }

            var (sizes, sizesPending) = await effectiveSettings.CompareSizesAsync(
                Host, state.Slots[slot].Postgres, credentials.SuperuserPassword, memory, cancellationToken);
            var (texts, textsPending) = await effectiveSettings.CompareTextAsync(
                Host, state.Slots[slot].Postgres, credentials.SuperuserPassword, RestartTexts, cancellationToken);
            var differing = sizes.Concat(texts).ToList();
            var pendingRestart = sizesPending || textsPending;
            if (differing.Count == 0)
            {
                continue;
            }

            if (!pendingRestart)
            {
                return $"waiting for {member.Name} to reload {string.Join(", ", differing)}";
            }

            var response = await patroni.RestartPendingAsync(MemberApi(state, slot), credentials, cancellationToken);
            logger.LogInformation("Asked Patroni to restart {Member} for {Settings} ({Status})", member.Name, string.Join(", ", differing), response.StatusCode);
            return $"restarting {member.Name} to apply {string.Join(", ", differing)}";
        }

        return null;
    }

    private async Task<ReconcileResult> RemoveHighestMemberAsync(
        InstanceState state, InstanceLayout layout, ClusterView view, ClusterMember leader, bool synchronous, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        var slot = state.Members - 1;
        var member = state.MemberName(slot);
        if (string.Equals(leader.Name, member, StringComparison.Ordinal))
        {
            // Never remove a leader: hand over to a remaining member first (Patroni picks the sync standby in sync mode).
            var candidate = view.Members
                .Where(m => m.IsReplica && m.IsRunning && state.SlotOf(m.Name) < slot && (!synchronous || m.IsSyncStandby))
                .Select(m => m.Name)
                .FirstOrDefault();
            // A leader change we cause is a switchover, not a failover: tell the detector before it happens.
            expectedSwitchovers?.Expect(state.InstanceId, Guid.Empty, candidate, (timeProvider ?? TimeProvider.System).GetUtcNow() + TimeSpan.FromMinutes(2));
            var response = await patroni.SwitchoverAsync(MemberApi(state, slot), leader.Name, candidate, credentials, cancellationToken);
            return ReconcileResult.Requeue("scale-down", $"switching over away from {member} before removing it ({response.StatusCode}: {response.Body ?? response.Error})", Soon);
        }

        state = state with { Members = slot };
        store.Write(state);
        await processes.StopMemberAsync(layout, slot, graceful: true, cancellationToken);
        files.DeleteDirectory(layout.PostgresDataDirectory(slot));

        await processes.EnsureSlotAsync(state, layout, slot, restartCrashed: false, cancellationToken);
        var haproxyChanged = files.WriteIfChanged(layout.HaproxyConfig, HaproxyConfigBuilder.Build(state, Host));
        await processes.EnsureHaproxyAsync(layout, haproxyChanged, cancellationToken);
        logger.LogInformation("Removed member {Member} of instance {InstanceId}", member, state.InstanceId);
        return ReconcileResult.Requeue("scale-down", $"removed {member}", TimeSpan.Zero);
    }
}
