using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Recording;

/// <summary>
/// A background chore run on an interval: a failed run is logged and the next one tries again, so a database blip
/// never stops the host.
/// </summary>
public abstract class PeriodicWork(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    /// <summary>Time between the end of one run and the start of the next.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Said in the log when a run fails, e.g. "Outbox cleanup failed".</summary>
    protected abstract string FailureMessage { get; }

    /// <summary>How loudly a failed run is logged; a chore whose next run repairs it can ask for less.</summary>
    protected virtual LogLevel FailureLevel => LogLevel.Warning;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.Log(FailureLevel, ex, "{Chore}; will try again", FailureMessage);
            }

            await Task.Delay(Interval, Clock, stoppingToken);
        }
    }
}
