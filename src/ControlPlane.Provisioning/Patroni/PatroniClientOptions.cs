using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// Timeouts for Patroni's REST API. Short on purpose: a member that does not answer within a couple of seconds is
/// treated as gone, which is what makes a killed leader visible long before its DCS key expires.
/// </summary>
public sealed class PatroniClientOptions
{
    public const string SectionName = "ControlPlane:Patroni";

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
