using System.Text.Json.Nodes;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Apply;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Orphans;
using ControlPlane.Provisioning.Kubernetes.Patroni;
using ControlPlane.Provisioning.Kubernetes.Rollout;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Patroni;
using ControlPlane.Provisioning.Kubernetes.Watch;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Kubernetes;

/// <summary>
/// Runs each instance as a Spilo/Patroni StatefulSet in its organisation's namespace. Reconcile is a flat list of
/// ensure steps (as in CloudNativePG); "pods not ready yet" is a requeue, a spec the API refuses is a failure.
/// </summary>
public sealed class KubernetesInstanceDriver(
    IKubernetes client,
    IOptions<KubernetesDriverOptions> options,
    KnownInstances known,
    TimeProvider timeProvider,
    ILogger<KubernetesInstanceDriver> logger,
    [FromKeyedServices(PatroniClient.DriverKey)] PatroniClient patroni,
    IExpectedSwitchovers? expectedSwitchovers = null) : IInstanceDriver
{
    private readonly KubernetesDriverOptions _options = options.Value;
    private readonly KubernetesApplier _applier = new(client, options.Value, timeProvider, logger);
    private readonly PostBootstrapSteps _postBootstrap = new(options.Value, logger);
    private readonly LiveSettings _liveSettings = new(options.Value, patroni, logger);
    private MemberRollout? _rollout;

    private MemberRollout Rollout => _rollout ??= new(
        _applier, _options, new LeaderHandover(_options, patroni, _liveSettings, expectedSwitchovers, timeProvider, logger), logger);
    private ManagedInstanceIndex Index => new(client, _applier.Retry, _options);

    public string Name => "kubernetes";

    public async Task<ReconcileResult> ReconcileAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        if (desired.Source is { } source)
        {
            // An empty cluster under a restore's name would read as a restore that lost every row: refuse before creating anything.
            return ReconcileResult.Failed("restore",
                $"Restoring from instance {source.InstanceId} is not available on the Kubernetes driver yet (its pods do not carry WAL-G's clone settings); nothing was created.");
        }

        var step = "namespace";
        known.Remember(desired, _options);
        try
        {
            var o = _options;
            var namespaceOutcome = await _applier.EnsureCreatedAsync(Kinds.Namespace, NamespaceBuilder.Build(desired, o), cancellationToken);
            await EnsureNamespaceGuardsAsync(desired, namespaceOutcome == ApplyOutcome.Created, cancellationToken);
            step = "owner";
            var (owner, ownerOutcome) = await _applier.EnsureAsync(Kinds.ConfigMap, OwnerBuilder.Build(desired, o), null, cancellationToken);
            var ownerRef = OwnerBuilder.ReferenceTo(owner);

            // Everything below is owned by the owner ConfigMap and goes with it, so when the owner is new the rest is
            // created without reading it first (a leftover answers 409 and is adopted): a new instance then costs one
            // request per object instead of two.
            var fresh = ownerOutcome == ApplyOutcome.Created;
            step = "credentials";
            await _applier.EnsureAsync(Kinds.Secret, SecretBuilder.Build(desired, o, ownerRef), null, cancellationToken, fresh);
            step = "rbac";
            await _applier.EnsureAsync(Kinds.ServiceAccount, ServiceAccountBuilder.Build(desired, o, ownerRef), null, cancellationToken, fresh);
            await _applier.EnsureAsync(Kinds.Role, RoleBuilder.Build(desired, o, ownerRef), null, cancellationToken, fresh);
            await _applier.EnsureAsync(Kinds.RoleBinding, RoleBindingBuilder.Build(desired, o, ownerRef), TrimRoleBinding, cancellationToken, fresh);
            step = "statefulset";
            var existingSet = fresh ? null : await _applier.ReadAsync(Kinds.StatefulSet, InstanceNaming.Namespace(o, desired), InstanceNaming.StatefulSet(desired), cancellationToken);
            if (await Rollout.GuardScaleDownAsync(desired, existingSet, (ct) => ListPodsAsync(desired, ct), cancellationToken) is { } handingOver)
            {
                return handingOver;
            }

            var (statefulSet, statefulSetOutcome) = await _applier.ApplyAsync(
                Kinds.StatefulSet, StatefulSetBuilder.Build(desired, o, ownerRef, existingSet), existingSet, TrimStatefulSet, cancellationToken);
            step = "services";
            await EnsureServicesAsync(desired, ownerRef, fresh, cancellationToken);
            step = "network-policy";
            await _applier.EnsureAsync(Kinds.NetworkPolicy, NetworkPolicyBuilder.Build(desired, o, ownerRef), null, cancellationToken, fresh);
            step = "storage";
            if (statefulSetOutcome != ApplyOutcome.Created || o.KeepVolumesOnDelete)
            {
                // A StatefulSet created just now makes its claims from its own template, at the desired size; only
                // claims kept from an earlier StatefulSet of the same name could be smaller, hence the exception.
                await GrowVolumesAsync(desired, cancellationToken);
            }

            step = "pods";

            // A StatefulSet read in this pass is as fresh as a second read; one just written is read again, since
            // the controller may have acted on the write since the server answered it.
            return await ReadinessAsync(desired, statefulSetOutcome == ApplyOutcome.Unchanged ? statefulSet : null, cancellationToken);
        }
        catch (Exception e) when (ApiErrors.IsPermanent(e))
        {
            logger.LogWarning("Reconcile of {InstanceId} failed permanently at {Step}: {Reason}", desired.InstanceId, step, ApiErrors.Describe(e));
            return ReconcileResult.Failed(step, ApiErrors.Describe(e));
        }
    }

    public async Task<bool> DeleteAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        if (ManagedInstanceIndex.IsTombstone(desired))
        {
            if (await Index.ResolveOrphanAsync(desired, cancellationToken) is not { } orphan)
            {
                return true;
            }

            desired = orphan;
        }

        var ns = InstanceNaming.Namespace(_options, desired);
        var selector = InstanceLabels.InstanceSelector(desired.InstanceId);

        // The owner cascades to everything we created; Patroni's own ConfigMaps only carry our labels.
        await _applier.EnsureAbsentAsync(Kinds.ConfigMap, ns, InstanceNaming.Owner(desired), cancellationToken);
        foreach (var configMap in (await ListAsync((c, ct) => c.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: selector, cancellationToken: ct), cancellationToken)).Items)
        {
            await _applier.EnsureAbsentAsync(Kinds.ConfigMap, ns, configMap.Metadata.Name, cancellationToken);
        }

        var claims = await ListAsync((c, ct) => c.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: selector, cancellationToken: ct), cancellationToken);
        if (!_options.KeepVolumesOnDelete)
        {
            // Claims of scaled-away replicas are retained by the StatefulSet and not owned by it: remove them here.
            foreach (var claim in claims.Items)
            {
                await _applier.EnsureAbsentAsync(Kinds.PersistentVolumeClaim, ns, claim.Metadata.Name, cancellationToken);
            }
        }

        var statefulSet = await _applier.ReadAsync(Kinds.StatefulSet, ns, InstanceNaming.StatefulSet(desired), cancellationToken);
        var pods = await ListPodsAsync(desired, cancellationToken);
        var remainingClaims = _options.KeepVolumesOnDelete
            ? 0
            : (await ListAsync((c, ct) => c.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: selector, cancellationToken: ct), cancellationToken)).Items.Count;
        var gone = statefulSet is null && pods.Count == 0 && remainingClaims == 0;
        if (gone)
        {
            known.Forget(desired.InstanceId);
        }

        logger.LogInformation(
            "Delete of {InstanceId}: statefulset {StatefulSetGone}, {Pods} pods and {Claims} claims left",
            desired.InstanceId, statefulSet is null ? "gone" : "terminating", pods.Count, remainingClaims);
        return gone;
    }

    public async Task<SwitchoverOutcome> SwitchoverAsync(DesiredInstance desired, string? targetMember, CancellationToken cancellationToken)
    {
        IReadOnlyList<V1Pod> pods;
        try
        {
            pods = await ListPodsAsync(desired, cancellationToken);
        }
        catch (Exception e) when (ApiErrors.IsTransient(e))
        {
            return new SwitchoverOutcome(false, ApiErrors.Describe(e), Transient: true);
        }

        var leader = pods.FirstOrDefault(p => RoleOf(p) == MemberRole.Primary);
        if (leader?.Status?.PodIP is not { Length: > 0 } leaderIp)
        {
            return new SwitchoverOutcome(false, "no member currently holds the leader role", Transient: true);
        }

        if (targetMember is not null && pods.All(p => p.Metadata.Name != targetMember))
        {
            return new SwitchoverOutcome(false, $"{targetMember} is not a member of {desired.Name}");
        }

        var cluster = await patroni.GetClusterAsync(PatroniUrl(leaderIp), cancellationToken);
        if (cluster.Body is null)
        {
            return new SwitchoverOutcome(false, $"could not reach Patroni on {leader.Metadata.Name}: {cluster.Error ?? $"status {cluster.StatusCode}"}", Transient: true);
        }

        // Patroni holds a switchover to the sync standby only while it has one: its live view decides, not the spec.
        var view = ClusterView.From(cluster.Body);
        var outcome = await PatroniSwitchover.ExecuteAsync(
            patroni, PatroniUrl(leaderIp), view, targetMember, view.SyncStandby is not null, desired.Credentials, cancellationToken,
            requestedLeader: desired.Switchover?.Leader);
        logger.LogInformation(
            "Switchover of {InstanceId} from {Leader} to {Candidate}: {Succeeded} {Message}",
            desired.InstanceId, leader.Metadata.Name, targetMember ?? "(Patroni's choice)", outcome.Succeeded, outcome.Message);
        return outcome;
    }

    public async Task<IReadOnlyList<PatroniMemberEndpoint>> GetPatroniEndpointsAsync(DesiredInstance desired, CancellationToken cancellationToken) =>
        PatroniEndpoints(await ListPodsAsync(desired, cancellationToken));

    public async Task<IReadOnlyCollection<Guid>> ListManagedInstancesAsync(CancellationToken cancellationToken) =>
        (await Index.ListAsync(cancellationToken)).Keys.ToHashSet();

    /// <summary>
    /// The organisation namespace's default-deny NetworkPolicy and its ResourceQuota (removed when none is configured;
    /// a single limit taken out of the options stays until the quota is removed, since a merge patch only adds).
    /// </summary>
    private async Task EnsureNamespaceGuardsAsync(DesiredInstance desired, bool freshNamespace, CancellationToken cancellationToken)
    {
        await _applier.EnsureAsync(Kinds.NetworkPolicy, NetworkPolicyBuilder.DefaultDeny(desired, _options), null, cancellationToken, freshNamespace);
        if (ResourceQuotaBuilder.Build(desired, _options) is { } quota)
        {
            await _applier.EnsureAsync(Kinds.ResourceQuota, quota, null, cancellationToken, freshNamespace);
        }
        else if (!freshNamespace)
        {
            await _applier.EnsureAbsentAsync(Kinds.ResourceQuota, InstanceNaming.Namespace(_options, desired), ResourceQuotaBuilder.Name, cancellationToken);
        }
    }

    private async Task EnsureServicesAsync(DesiredInstance desired, V1OwnerReference ownerRef, bool fresh, CancellationToken cancellationToken)
    {
        var o = _options;
        var ns = InstanceNaming.Namespace(o, desired);
        await _applier.EnsureAsync(Kinds.Service, ServiceBuilder.Primary(desired, o, ownerRef), null, cancellationToken, fresh);
        if (desired.Spec.HighAvailability.Enabled)
        {
            await _applier.EnsureAsync(Kinds.Service, ServiceBuilder.Replicas(desired, o, ownerRef), null, cancellationToken, fresh);
            await _applier.EnsureAsync(Kinds.PodDisruptionBudget, PodDisruptionBudgetBuilder.Build(desired, o, ownerRef), null, cancellationToken, fresh);
        }
        else if (!fresh)
        {
            await _applier.EnsureAbsentAsync(Kinds.Service, ns, InstanceNaming.ReplicaService(desired), cancellationToken);
            await _applier.EnsureAbsentAsync(Kinds.PodDisruptionBudget, ns, InstanceNaming.DisruptionBudget(desired), cancellationToken);
        }
    }

    /// <summary>
    /// volumeClaimTemplates are immutable, so storage grows by patching each claim (the storage class must allow
    /// expansion). A smaller size is never applied: shrinking a volume would destroy data, so it is logged and ignored.
    /// </summary>
    private async Task GrowVolumesAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        var ns = InstanceNaming.Namespace(_options, desired);
        var wanted = new ResourceQuantity(Quantities.StorageGb(desired.Spec.StorageGb));
        var claims = await ListAsync(
            (c, ct) => c.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: InstanceLabels.InstanceSelector(desired.InstanceId), cancellationToken: ct),
            cancellationToken);
        foreach (var claim in claims.Items)
        {
            var current = claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var q) == true ? q.ToDecimal() : 0m;
            if (current >= wanted.ToDecimal())
            {
                if (current > wanted.ToDecimal())
                {
                    logger.LogWarning("Claim {Claim} of {InstanceId} is larger than the desired {StorageGb} GB; volumes never shrink", claim.Metadata.Name, desired.InstanceId, desired.Spec.StorageGb);
                }

                continue;
            }

            var body = new JsonObject
            {
                ["spec"] = new JsonObject { ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = Quantities.StorageGb(desired.Spec.StorageGb) } } },
            };
            var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
            await _applier.Retry.ExecuteAsync(async ct => await client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(patch, claim.Metadata.Name, ns, cancellationToken: ct), cancellationToken);
            logger.LogInformation("Grew claim {Claim} of {InstanceId} to {StorageGb} GB", claim.Metadata.Name, desired.InstanceId, desired.Spec.StorageGb);
        }
    }

    /// <summary>
    /// Ready when every member's pod is ready and one carries the leader label. Endpoints are the Services' DNS names
    /// rather than their cluster IPs: a name survives a Service being recreated, an IP does not.
    /// </summary>
    private async Task<ReconcileResult> ReadinessAsync(DesiredInstance desired, V1StatefulSet? observed, CancellationToken cancellationToken)
    {
        var members = desired.Spec.HighAvailability.Members;
        var ns = InstanceNaming.Namespace(_options, desired);
        var statefulSet = observed ?? await _applier.ReadAsync(Kinds.StatefulSet, ns, InstanceNaming.StatefulSet(desired), cancellationToken);
        if (statefulSet?.Status is not { } status || status.ObservedGeneration < statefulSet.Metadata.Generation)
        {
            return ReconcileResult.Requeue("pods", "waiting for the StatefulSet controller to observe the new spec", _options.RequeueAfter);
        }

        var allPods = await ListPodsAsync(desired, cancellationToken);
        if (await Rollout.ContinueAsync(desired, statefulSet, allPods, cancellationToken) is { } rolling)
        {
            return rolling;
        }

        var pods = allPods.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        var ready = pods.Count(IsReady);
        if (pods.Count != members || ready != members)
        {
            return ReconcileResult.Requeue("pods", $"{ready} of {members} members ready ({pods.Count} pods)", _options.RequeueAfter);
        }

        var leader = pods.FirstOrDefault(p => RoleOf(p) == MemberRole.Primary && IsReady(p));
        if (leader is null)
        {
            return ReconcileResult.Requeue("leader", "waiting for Patroni to elect a leader", _options.RequeueAfter);
        }

        if (_options.ManagePatroniConfig && await _liveSettings.EnsureAsync(desired, leader, cancellationToken) is { } waiting)
        {
            return waiting;
        }

        if (_options.ManageApplicationDatabase && await _postBootstrap.EnsureApplicationDatabaseAsync(desired, leader, cancellationToken) is { } notYet)
        {
            return notYet;
        }

        var port = _options.PostgresPort;
        var endpoints = new InstanceEndpoints(
            $"{InstanceNaming.PrimaryService(desired)}.{ns}.svc",
            port,
            desired.Spec.HighAvailability.Enabled ? $"{InstanceNaming.ReplicaService(desired)}.{ns}.svc" : null,
            desired.Spec.HighAvailability.Enabled ? port : null);
        return ReconcileResult.Done(endpoints, leader.Metadata.Name) with { PatroniEndpoints = PatroniEndpoints(pods) };
    }

    private async Task<IReadOnlyList<V1Pod>> ListPodsAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        var ns = InstanceNaming.Namespace(_options, desired);
        var list = await ListAsync(
            (c, ct) => c.CoreV1.ListNamespacedPodAsync(ns, labelSelector: InstanceLabels.InstanceSelector(desired.InstanceId), cancellationToken: ct),
            cancellationToken);
        return list.Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
    }

    private Task<T> ListAsync<T>(Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _applier.Retry.ExecuteAsync(async ct => await call(client, ct), cancellationToken).AsTask();

    private List<PatroniMemberEndpoint> PatroniEndpoints(IEnumerable<V1Pod> pods) => MemberEndpoints.From(pods, _options);

    private MemberRole RoleOf(V1Pod pod) => PodMembers.Role(pod, _options);

    private static bool IsReady(V1Pod pod) => PodMembers.IsReady(pod);

    private Uri PatroniUrl(string podIp) => PostBootstrapSteps.PatroniUrl(podIp, _options);

    // Fields fixed at creation: the API server rejects changes to them, so they are neither compared nor patched.
    private static void TrimStatefulSet(JsonObject patch)
    {
        if (patch["spec"] is JsonObject spec)
        {
            spec.Remove("selector");
            spec.Remove("serviceName");
            spec.Remove("volumeClaimTemplates");
            spec.Remove("podManagementPolicy");

            // OnDelete admits no rollingUpdate section: a StatefulSet created with RollingUpdate loses its partition.
            if (spec["updateStrategy"] is JsonObject strategy)
            {
                strategy["rollingUpdate"] = null;
            }
        }
    }

    private static void TrimRoleBinding(JsonObject patch) => patch.Remove("roleRef");
}
