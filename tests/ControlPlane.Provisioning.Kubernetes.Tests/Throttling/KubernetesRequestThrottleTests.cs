using k8s;
using ControlPlane.Provisioning.Kubernetes.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Throttling;

public sealed class KubernetesRequestThrottleTests
{
    [Fact]
    public void Should_let_a_burst_through_at_once_and_hold_the_next_request_until_a_token_is_earned()
    {
        var time = new FakeTimeProvider();
        var throttle = new KubernetesRequestThrottle(perSecond: 10, burst: 3, time);

        var burst = Enumerable.Range(0, 3).Select(_ => throttle.WaitAsync(CancellationToken.None).AsTask()).ToList();
        var fourth = throttle.WaitAsync(CancellationToken.None).AsTask();

        Assert.All(burst, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(fourth.IsCompletedSuccessfully);
    }

    [Fact]
    public void Should_serve_waiting_requests_in_turn_one_interval_apart()
    {
        var time = new FakeTimeProvider();
        var throttle = new KubernetesRequestThrottle(perSecond: 5, burst: 1, time);
        Assert.True(throttle.WaitAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully);

        var second = throttle.WaitAsync(CancellationToken.None).AsTask();
        var third = throttle.WaitAsync(CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(third.IsCompletedSuccessfully);
    }

    [Fact]
    public void Should_not_save_up_more_than_the_burst_during_a_quiet_spell()
    {
        var time = new FakeTimeProvider();
        var throttle = new KubernetesRequestThrottle(perSecond: 10, burst: 2, time);
        time.Advance(TimeSpan.FromMinutes(1));

        var immediate = Enumerable.Range(0, 3).Select(_ => throttle.WaitAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully).ToList();

        Assert.Equal([true, true, false], immediate);
    }

    [Fact]
    public void Should_never_hold_a_request_when_the_limit_is_off()
    {
        var throttle = new KubernetesRequestThrottle(perSecond: 0, burst: 1, new FakeTimeProvider());

        Assert.False(throttle.Enabled);
        Assert.All(Enumerable.Range(0, 1_000), _ => Assert.True(throttle.WaitAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully));
    }

    [Fact]
    public async Task Should_throttle_the_driver_s_client_when_the_options_set_a_limit()
    {
        await using var h = await Support.DriverHarness.StartAsync(new Dictionary<string, string?>
        {
            ["ApiQueriesPerSecond"] = "0.001",
            ["ApiBurst"] = "2",
        });
        var client = h.Services.GetService(typeof(IKubernetes)) as IKubernetes;
        Assert.NotNull(client);

        await client.CoreV1.ListNamespaceAsync();
        await client.CoreV1.ListNamespaceAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CoreV1.ListNamespaceAsync(cancellationToken: cancel.Token));

        Assert.Equal(2, h.Api.Requests.Count);
    }
}
