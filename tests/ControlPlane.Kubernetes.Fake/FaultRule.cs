namespace ControlPlane.Kubernetes.Fake;

/// <summary>Answer the next <see cref="Remaining"/> requests whose path contains <see cref="PathContains"/> with <see cref="StatusCode"/>.</summary>
internal sealed class FaultRule(int statusCode, string pathContains, string? method, int count)
{
    private int _remaining = count;

    public int StatusCode { get; } = statusCode;

    public int Remaining => Volatile.Read(ref _remaining);

    public bool TryConsume(string requestMethod, string pathAndQuery)
    {
        if ((method is not null && !string.Equals(method, requestMethod, StringComparison.OrdinalIgnoreCase))
            || !pathAndQuery.Contains(pathContains, StringComparison.Ordinal))
        {
            return false;
        }

        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
