namespace ControlPlane.Worker;

/// <summary>
/// The configured driver, or else Kubernetes when there is a cluster to talk to (in-cluster service account,
/// KUBECONFIG, or ~/.kube/config) and local Patroni processes when there is none.
/// </summary>
public static class DriverSelection
{
    public static string Resolve(string? configured, Func<string, string?> environment, Func<string, bool> fileExists)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var driver = configured.Trim().ToLowerInvariant();
            return driver is ProvisioningOptions.Kubernetes or ProvisioningOptions.Local
                ? driver
                : throw new InvalidOperationException(
                    $"{ProvisioningOptions.SectionName}:Driver must be '{ProvisioningOptions.Kubernetes}' or '{ProvisioningOptions.Local}', not '{configured}'.");
        }

        var inCluster = !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST"));
        var kubeconfig = !string.IsNullOrEmpty(environment("KUBECONFIG"));
        var home = environment("HOME");
        var homeConfig = !string.IsNullOrEmpty(home) && fileExists(Path.Combine(home, ".kube", "config"));
        return inCluster || kubeconfig || homeConfig ? ProvisioningOptions.Kubernetes : ProvisioningOptions.Local;
    }
}
