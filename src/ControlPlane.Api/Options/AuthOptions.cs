using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Api.Options;

public sealed class AuthOptions
{
    public const string SectionName = "ControlPlane:Auth";

    /// <summary>A support key from configuration, so the first organisation and the first named support key can be created. None outside Development by default.</summary>
    public string? BootstrapSupportKey { get; set; }

    /// <summary>
    /// False refuses the bootstrap key even when it is configured: once staff have named support keys, turn it off so
    /// every support action names a person.
    /// </summary>
    public bool BootstrapSupportKeyEnabled { get; set; } = true;

    /// <summary>
    /// How long a verified key is trusted before the database is asked again. Revocation does not wait for it: every API
    /// process evicts a revoked key when the database notifies it; this bounds the delay only while that feed is down.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many unknown keys are remembered (each would otherwise cost a database lookup); a flood of random keys cannot grow it further.</summary>
    [Range(1, int.MaxValue)]
    public int UnknownKeyCacheSize { get; set; } = 10_000;

    /// <summary>Failed authentications a client address may make in a burst before it gets 429.</summary>
    [Range(1, int.MaxValue)]
    public int FailedAttemptBurst { get; set; } = 20;

    /// <summary>After the burst, one more failed attempt is allowed per this period.</summary>
    public TimeSpan FailedAttemptRefill { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>"Last used" is written at most this often per key, so a busy key costs no write per request.</summary>
    public TimeSpan LastUsedGranularity { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most active (unrevoked, unexpired) keys one organisation may hold.</summary>
    [Range(1, 10_000)]
    public int MaxKeysPerOrganization { get; set; } = 50;
}
