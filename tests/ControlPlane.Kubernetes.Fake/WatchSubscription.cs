using System.Threading.Channels;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>An open watch stream: the events it still has to write, and a token the tests cancel to drop it.</summary>
internal sealed class WatchSubscription(ResourceKind kind, string? ns, LabelSelector selector, bool bookmarks) : IDisposable
{
    public ResourceKind Kind => kind;

    public bool WantsBookmarks => bookmarks;

    private readonly CancellationTokenSource _drop = new();

    public Channel<WatchEventRecord> Events { get; } = Channel.CreateUnbounded<WatchEventRecord>();

    public CancellationToken Dropped => _drop.Token;

    public bool AbortConnection { get; private set; }

    public bool Accepts(WatchEventRecord e) =>
        e.Kind == kind && (ns is null || e.Namespace == ns) && selector.Matches(e.Object);

    public void Drop(bool abortConnection)
    {
        AbortConnection = abortConnection;
        _drop.Cancel();
    }

    public void Dispose() => _drop.Dispose();
}
