namespace ControlPlane.Provisioning.Local.State;

/// <summary>
/// The port allocation lock shared by every worker on this machine: workers on one machine share the data directory
/// and the port range, and the in-process lock alone let two of them read the same recorded ports and hand the same
/// free ones to two new instances (CanBind passes for both until a daemon listens). An exclusive open of
/// <c>&lt;DataDirectory&gt;/.allocation.lock</c> is an flock on Linux, released when the holder closes it or dies.
/// </summary>
public static class AllocationFileLock
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    public static async Task<IDisposable> AcquireAsync(string dataDirectory, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, ".allocation.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another worker holds it while it picks its ports (milliseconds).
                await Task.Delay(RetryDelay, timeProvider, cancellationToken);
            }
        }
    }
}
