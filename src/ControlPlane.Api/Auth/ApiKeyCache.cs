using ControlPlane.Api.Options;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Auth;

/// <summary>
/// Verified keys and unknown ones, by the hex of their hash. Known keys are as many as the database holds; unknown ones
/// are whatever callers send, so that cache has a size limit (once full, further unknown keys are not remembered).
/// </summary>
public sealed class ApiKeyCache(IOptions<AuthOptions> options) : IDisposable
{
    private readonly MemoryCache _known = new(new MemoryCacheOptions());
    private readonly MemoryCache _unknown = new(new MemoryCacheOptions { SizeLimit = options.Value.UnknownKeyCacheSize });

    public int UnknownCount => _unknown.Count;

    public int KnownCount => _known.Count;

    /// <summary>True when the key was seen recently; <paramref name="key"/> is null for a key known not to exist.</summary>
    public bool TryGet(string hashHex, out CachedKey? key)
    {
        if (_known.TryGetValue(hashHex, out key))
        {
            return true;
        }

        key = null;
        return _unknown.TryGetValue(hashHex, out _);
    }

    public void Add(string hashHex, CachedKey? key)
    {
        if (key is null)
        {
            _unknown.Set(hashHex, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.CacheDuration });
        }
        else
        {
            _known.Set(hashHex, key, options.Value.CacheDuration);
        }
    }

    public void Evict(string hashHex) => _known.Remove(hashHex.ToUpperInvariant());

    /// <summary>After a gap in revocation notices nothing cached can be trusted.</summary>
    public void Clear() => _known.Clear();

    public void Dispose()
    {
        _known.Dispose();
        _unknown.Dispose();
    }
}
