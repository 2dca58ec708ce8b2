using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning;

/// <summary>Who this worker is: the region whose command queue it serves and whose instances it owns.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "ControlPlane:Worker";

    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string Region { get; set; } = "local";
}
