using k8s;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Apply;

/// <summary>The four calls the applier needs for one kind, so it can stay generic over typed KubernetesClient APIs.</summary>
internal sealed record KindOperations<T>(
    string Kind,
    Func<IKubernetes, string, string, CancellationToken, Task<T>> Read,
    Func<IKubernetes, T, string, CancellationToken, Task<T>> Create,
    Func<IKubernetes, V1Patch, string, string, CancellationToken, Task<T>> Patch,
    Func<IKubernetes, string, string, CancellationToken, Task> Delete)
    where T : IKubernetesObject<V1ObjectMeta>;
