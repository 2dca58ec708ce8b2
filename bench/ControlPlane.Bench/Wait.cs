using System.Diagnostics;

namespace ControlPlane.Bench;

public static class Wait
{
    /// <summary>Polls (never a fixed sleep) until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(string what, Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken, int pollMilliseconds = 100)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(pollMilliseconds, cancellationToken);
        }

        throw new TimeoutException($"timed out after {timeout} waiting until {what}");
    }
}
