using System.Collections.Concurrent;
using ControlPlane.Api.Options;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Auth;

/// <summary>
/// Decides when a key's "last used" is worth writing: at most once per <see cref="AuthOptions.LastUsedGranularity"/>
/// per key and process, so a key serving thousands of reads a second costs one small update a minute.
/// </summary>
public sealed class KeyUsage(IOptions<AuthOptions> options)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _written = new();

    public bool ShouldRecord(Guid keyId, DateTimeOffset now)
    {
        var granularity = options.Value.LastUsedGranularity;
        while (true)
        {
            if (!_written.TryGetValue(keyId, out var last))
            {
                if (_written.TryAdd(keyId, now))
                {
                    return true;
                }

                continue;
            }

            if (now - last < granularity)
            {
                return false;
            }

            if (_written.TryUpdate(keyId, now, last))
            {
                return true;
            }
        }
    }
}
