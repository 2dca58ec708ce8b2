namespace ControlPlane.Provisioning.Kubernetes.Tests.Support;

/// <summary>A fact that runs only against a real cluster, named by the KUBECONFIG environment variable.</summary>
public sealed class KubernetesFactAttribute : FactAttribute
{
    public KubernetesFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG")))
        {
            Skip = "KUBECONFIG is not set: this test needs a real Kubernetes cluster (the fake API covers the same scenarios)";
        }
    }
}
