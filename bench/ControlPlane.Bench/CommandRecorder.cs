using System.Collections.Concurrent;
using ControlPlane.Contracts.Commands;
using MassTransit;

namespace ControlPlane.Bench;

/// <summary>
/// Stands where a worker would: consumes the write region's queue and records, per instance, the first
/// ReconcileInstance received and its hand-off latency (RequestedAt is stamped by the API inside the create
/// transaction, on the same machine's clock). Duplicates are counted, not recorded twice.
/// </summary>
public sealed class CommandRecorder : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, HandOff> _received = new();
    private readonly IBusControl _bus;
    private long _duplicates;

    public CommandRecorder(BenchSettings settings, string region)
    {
        var uri = new Uri(settings.RabbitMqUri);
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(uri.Host, (ushort)uri.Port, "/", host =>
            {
                var user = uri.UserInfo.Split(':', 2);
                host.Username(Uri.UnescapeDataString(user[0]));
                host.Password(Uri.UnescapeDataString(user[1]));
            });
            cfg.ReceiveEndpoint(CommandQueues.ForRegion(region), endpoint =>
            {
                endpoint.ConfigureConsumeTopology = false;
                endpoint.PrefetchCount = 256;
                endpoint.Handler<ReconcileInstance>(context =>
                {
                    if (!_received.TryAdd(context.Message.InstanceId, new HandOff(context.Message.RequestedAt, DateTimeOffset.UtcNow)))
                    {
                        Interlocked.Increment(ref _duplicates);
                    }

                    return Task.CompletedTask;
                });
            });
        });
    }

    public int Count => _received.Count;

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public IReadOnlyDictionary<Guid, HandOff> Received => _received;

    public Task StartAsync(CancellationToken cancellationToken) => _bus.StartAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
