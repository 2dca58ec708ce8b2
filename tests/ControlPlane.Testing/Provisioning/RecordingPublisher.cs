using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Events;

namespace ControlPlane.Testing.Provisioning;

/// <summary>Keeps every published event; <see cref="FailNext"/> fails the next publishes, as a broker outage would.</summary>
public sealed class RecordingPublisher : IInstanceEventPublisher
{
    private readonly Lock _gate = new();
    private readonly List<IInstanceEvent> _events = [];

    public int FailNext { get; set; }

    /// <summary>Runs while an event is being published, to play something that happens at that moment.</summary>
    public Action<IInstanceEvent>? OnPublish { get; set; }

    public IReadOnlyList<IInstanceEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<T> Of<T>() where T : IInstanceEvent => Events.OfType<T>().ToList();

    public Task PublishAsync<TEvent>(TEvent instanceEvent, CancellationToken cancellationToken)
        where TEvent : class, IInstanceEvent
    {
        lock (_gate)
        {
            if (FailNext > 0)
            {
                FailNext--;
                throw new InvalidOperationException("broker unavailable");
            }

            _events.Add(instanceEvent);
        }

        OnPublish?.Invoke(instanceEvent);

        return Task.CompletedTask;
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
