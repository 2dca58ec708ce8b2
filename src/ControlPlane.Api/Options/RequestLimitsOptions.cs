using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Api.Options;

/// <summary>Limits on what a caller may send.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "ControlPlane:RequestLimits";

    /// <summary>The largest request body accepted; a create request is well under 1 KiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 64 * 1024;
}
