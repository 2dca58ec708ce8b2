using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Events;

namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>Keeps every published event; can be told to fail the next publishes, as a broker outage would.</summary>
public sealed class RecordingEventPublisher : IInstanceEventPublisher
{
    private readonly Lock _gate = new();
    private readonly List<IInstanceEvent> _events = [];
    private int _failuresLeft;

    public void FailNext(int times) => Interlocked.Exchange(ref _failuresLeft, times);

    public Task PublishAsync<TEvent>(TEvent instanceEvent, CancellationToken cancellationToken)
        where TEvent : class, IInstanceEvent
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("broker unavailable");
        }

        lock (_gate)
        {
            _events.Add(instanceEvent);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<T> Of<T>()
        where T : IInstanceEvent
    {
        lock (_gate)
        {
            return [.. _events.OfType<T>()];
        }
    }

    /// <summary>Polls until an event matching <paramref name="match"/> is published; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan timeout)
        where T : IInstanceEvent
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Of<T>().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching {typeof(T).Name} within {timeout}");
            }
        }
    }
}
