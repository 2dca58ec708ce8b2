using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Events;

namespace ControlPlane.Testing.Provisioning;

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
}
