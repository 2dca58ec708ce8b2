using k8s;

namespace ControlPlane.Provisioning.Kubernetes;

/// <summary>Where the client connects: an explicit URL, a kubeconfig (option, KUBECONFIG, ~/.kube/config), or the in-cluster account.</summary>
public static class KubernetesClientFactory
{
    public static KubernetesClientConfiguration Configuration(KubernetesDriverOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiServerUrl))
        {
            return new KubernetesClientConfiguration { Host = options.ApiServerUrl };
        }

        var path = options.KubeconfigPath
                   ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(File.Exists);
        if (!string.IsNullOrEmpty(path))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        }

        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (File.Exists(home))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(home);
        }

        return KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : throw new InvalidOperationException(
                "No Kubernetes API configured: set ControlPlane:Provisioning:Kubernetes:ApiServerUrl or KubeconfigPath, KUBECONFIG, ~/.kube/config, or run in a cluster.");
    }
}
