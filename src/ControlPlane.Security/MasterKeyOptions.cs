using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Security;

/// <summary>
/// The master key that wraps the Data Protection key ring. It lives in configuration (a Kubernetes Secret, an env
/// variable), never in the metadata database beside the keys it protects.
/// </summary>
public sealed class MasterKeyOptions
{
    public const string SectionName = "ControlPlane:DataProtection";

    /// <summary>Base64 of 32 random bytes.</summary>
    [Required]
    public string MasterKey { get; set; } = "";

    public byte[] KeyBytes()
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(MasterKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{SectionName}:MasterKey is not base64.");
        }

        return bytes.Length == 32
            ? bytes
            : throw new InvalidOperationException($"{SectionName}:MasterKey must be 32 bytes (base64), got {bytes.Length}.");
    }
}
