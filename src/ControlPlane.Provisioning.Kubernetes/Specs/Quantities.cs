using System.Globalization;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// Quantities in the canonical form the API server stores them in ("1Gi", not "1024Mi"; "2", not "2000m"),
/// so comparing the desired object with the stored one does not see a difference that is not there.
/// </summary>
public static class Quantities
{
    public static string Cpu(decimal vcpu)
    {
        var millis = decimal.ToInt64(decimal.Round(vcpu * 1000m));
        return millis % 1000 == 0 ? (millis / 1000).ToString(CultureInfo.InvariantCulture) : $"{millis}m";
    }

    public static string MemoryMb(int megabytes) =>
        megabytes % 1024 == 0 ? $"{megabytes / 1024}Gi" : $"{megabytes}Mi";

    public static string StorageGb(int gigabytes) => $"{gigabytes}Gi";
}
