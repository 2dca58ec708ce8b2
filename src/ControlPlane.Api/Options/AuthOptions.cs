namespace ControlPlane.Api.Options;

public sealed class AuthOptions
{
    public const string SectionName = "ControlPlane:Auth";

    /// <summary>A support key from configuration, so the first organisation can be created. None outside Development by default.</summary>
    public string? BootstrapSupportKey { get; set; }

    /// <summary>How long a verified key is trusted before the database is asked again (revocation takes at most this long).</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
