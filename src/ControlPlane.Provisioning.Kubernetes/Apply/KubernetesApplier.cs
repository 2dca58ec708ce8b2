using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Polly;

namespace ControlPlane.Provisioning.Kubernetes.Apply;

/// <summary>
/// get → compare with the desired object → create or merge-patch. Level-triggered and idempotent: an object that
/// already says what we want is not written again, so a redelivered command costs reads only. Where the object is
/// known to be new, the get is skipped and a 409 on create stands in for it.
/// </summary>
internal sealed class KubernetesApplier(IKubernetes client, KubernetesDriverOptions options, TimeProvider timeProvider, ILogger logger)
{
    private readonly ResiliencePipeline _retry = KubernetesRetry.Create(options, timeProvider);
    private readonly ResiliencePipeline _retryCreate = KubernetesRetry.Create(options, timeProvider, retryConflicts: false);

    public IKubernetes Client => client;

    public ResiliencePipeline Retry => _retry;

    /// <param name="expectAbsent">
    /// The caller knows the object is almost certainly missing (its owner was created in this pass), so it is created
    /// without a read first: the API server's 409 AlreadyExists says the same as a read would, and is then handled
    /// like a read that found it.
    /// </param>
    public async Task<(T Current, ApplyOutcome Outcome)> EnsureAsync<T>(
        KindOperations<T> ops, T desired, Action<JsonObject>? trimPatch, CancellationToken cancellationToken, bool expectAbsent = false)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var ns = desired.Metadata.NamespaceProperty ?? "";
        var name = desired.Metadata.Name;
        var existing = expectAbsent ? default : await ReadAsync(ops, ns, name, cancellationToken);
        return await ApplyAsync(ops, desired, existing, trimPatch, cancellationToken);
    }

    /// <summary>As <see cref="EnsureAsync{T}"/>, for a caller that has just read the object (null: it was absent) to build the desired one from it.</summary>
    public async Task<(T Current, ApplyOutcome Outcome)> ApplyAsync<T>(
        KindOperations<T> ops, T desired, T? existing, Action<JsonObject>? trimPatch, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var ns = desired.Metadata.NamespaceProperty ?? "";
        var name = desired.Metadata.Name;
        if (existing is null)
        {
            try
            {
                var created = await _retryCreate.ExecuteAsync(async ct => await ops.Create(client, desired, ns, ct), cancellationToken);
                logger.LogInformation("Created {Kind} {Namespace}/{Name}", ops.Kind, ns, name);
                return (created, ApplyOutcome.Created);
            }
            catch (Exception e) when (ApiErrors.IsConflict(e))
            {
                // It exists after all: created since our read (a redelivered command, a second worker), or left behind though
                // its owner was new (a dependent the garbage collector has not removed yet). Adopt it.
                existing = await ReadAsync(ops, ns, name, cancellationToken) ?? throw new InvalidOperationException(
                    $"{ops.Kind} {ns}/{name} already exists but cannot be read", e);
            }
        }

        var patch = PatchBody(desired, trimPatch);
        if (ObjectComparer.Contains(ToJson(existing), patch))
        {
            return (existing, ApplyOutcome.Unchanged);
        }

        var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
        var patched = await _retry.ExecuteAsync(async ct => await ops.Patch(client, body, ns, name, ct), cancellationToken);
        logger.LogInformation("Patched {Kind} {Namespace}/{Name}", ops.Kind, ns, name);
        return (patched, ApplyOutcome.Patched);
    }

    /// <summary>
    /// Creates the object when it is missing and otherwise leaves it as it is, for objects the worker may create but
    /// not change (a namespace: patching namespaces would let the worker relabel any of them).
    /// </summary>
    public async Task<ApplyOutcome> EnsureCreatedAsync<T>(KindOperations<T> ops, T desired, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var ns = desired.Metadata.NamespaceProperty ?? "";
        if (await ReadAsync(ops, ns, desired.Metadata.Name, cancellationToken) is not null)
        {
            return ApplyOutcome.Unchanged;
        }

        try
        {
            await _retryCreate.ExecuteAsync(async ct => await ops.Create(client, desired, ns, ct), cancellationToken);
            logger.LogInformation("Created {Kind} {Namespace}/{Name}", ops.Kind, ns, desired.Metadata.Name);
            return ApplyOutcome.Created;
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
            return ApplyOutcome.Unchanged;
        }
    }

    public async Task<ApplyOutcome> EnsureAbsentAsync<T>(KindOperations<T> ops, string ns, string name, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        if (await ReadAsync(ops, ns, name, cancellationToken) is null)
        {
            return ApplyOutcome.Absent;
        }

        try
        {
            await _retry.ExecuteAsync(async ct => await ops.Delete(client, ns, name, ct), cancellationToken);
            logger.LogInformation("Deleted {Kind} {Namespace}/{Name}", ops.Kind, ns, name);
            return ApplyOutcome.Deleted;
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return ApplyOutcome.Absent;
        }
    }

    public async Task<T?> ReadAsync<T>(KindOperations<T> ops, string ns, string name, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return await _retry.ExecuteAsync(async ct => await ops.Read(client, ns, name, ct), cancellationToken);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return default;
        }
    }

    /// <summary>The desired object as a merge patch: only the metadata we own, no status, nothing the server sets.</summary>
    public static JsonObject PatchBody<T>(T desired, Action<JsonObject>? trimPatch)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var json = ToJson(desired);
        json.Remove("status");
        json.Remove("apiVersion");
        json.Remove("kind");
        if (json["metadata"] is JsonObject meta)
        {
            foreach (var key in meta.Select(p => p.Key).Where(k => k is not ("labels" or "annotations" or "ownerReferences")).ToList())
            {
                meta.Remove(key);
            }
        }

        trimPatch?.Invoke(json);
        return json;
    }

    public static JsonObject ToJson<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
}
