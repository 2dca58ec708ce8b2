namespace ControlPlane.Contracts.Commands;

/// <summary>Each region is served by its own worker queue, so one control plane can drive several clusters.</summary>
public static class CommandQueues
{
    public const string Prefix = "controlplane-region-";

    public static string ForRegion(string region) => Prefix + region;

    public static Uri AddressForRegion(string region) => new($"queue:{ForRegion(region)}");
}
