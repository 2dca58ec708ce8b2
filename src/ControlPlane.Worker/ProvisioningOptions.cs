namespace ControlPlane.Worker;

/// <summary>Which driver runs instances: "kubernetes" or "local"; chosen from the environment when unset.</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "ControlPlane:Provisioning";
    public const string Kubernetes = "kubernetes";
    public const string Local = "local";

    public string? Driver { get; set; }
}
