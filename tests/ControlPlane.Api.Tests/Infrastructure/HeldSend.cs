using ControlPlane.Contracts.Commands;
using MassTransit;

namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>
/// Holds the first ReconcileInstance the API sends (the way a slow broker confirmation would) until released,
/// so a test can look at what the outbox does while that round is in flight.
/// </summary>
public sealed class HeldSend : ISendObserver
{
    private readonly TaskCompletionSource<Guid> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _taken;

    /// <summary>Completes with the instance id of the held command once a send is held.</summary>
    public Task<Guid> Held => _held.Task;

    public void Release() => _release.TrySetResult();

    public async Task PreSend<T>(SendContext<T> context)
        where T : class
    {
        if (context.Message is ReconcileInstance command && Interlocked.Exchange(ref _taken, 1) == 0)
        {
            _held.TrySetResult(command.InstanceId);
            await _release.Task.WaitAsync(context.CancellationToken);
        }
    }

    public Task PostSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    public Task SendFault<T>(SendContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
