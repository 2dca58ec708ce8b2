using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Recording.Outbox;

/// <summary>
/// Starts outbox rounds: one as soon as a commit signals, without waiting for rounds whose sends are still awaiting the
/// broker's confirmation (up to <see cref="OutboxOptions.MaxConcurrentRounds"/>), and one every poll interval for rows
/// other API processes wrote. While rounds fail (broker or database unreachable) it runs one round at a time and backs off.
/// </summary>
public sealed class OutboxDispatcher(
    OutboxRound round,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private int _failures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var slots = new SemaphoreSlim(settings.MaxConcurrentRounds, settings.MaxConcurrentRounds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Volatile.Read(ref _failures) is var failures and > 0)
                {
                    // Failing: one round at a time after the back-off; a commit does not cut it short (its row waits either way).
                    await Task.Delay(BackOff(failures), timeProvider, stoppingToken);
                    await slots.WaitAsync(stoppingToken);
                    await RunRoundAsync(slots, stoppingToken);
                    continue;
                }

                await slots.WaitAsync(stoppingToken);
                _ = RunRoundAsync(slots, stoppingToken);
                await signal.WaitAsync(settings.PollInterval, timeProvider, stoppingToken);
            }
        }
        finally
        {
            // Let the rounds in flight finish (they were cancelled with the host) before their data source is disposed.
            for (var i = 0; i < settings.MaxConcurrentRounds; i++)
            {
                await slots.WaitAsync(CancellationToken.None);
            }
        }
    }

    private static TimeSpan BackOff(int failures) => TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(failures, 5))));

    private async Task RunRoundAsync(SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await round.RunAsync(stoppingToken);
            Interlocked.Exchange(ref _failures, 0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            var failures = Interlocked.Increment(ref _failures);
            logger.LogWarning(ex, "Outbox dispatch failed ({Failures} in a row); rows stay queued", failures);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the rows stay unsent and go out on the next start.
        }
        finally
        {
            slots.Release();
        }
    }
}
