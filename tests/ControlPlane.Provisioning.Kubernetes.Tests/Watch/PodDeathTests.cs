using ControlPlane.Provisioning.Kubernetes;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Watch;

/// <summary>The pod watch tells when a member's container ended, so a failover's downtime starts at the death itself.</summary>
public sealed class PodDeathTests
{
    private static readonly DateTime Died = new(2026, 12, 1, 21, 27, 5, DateTimeKind.Utc);

    [Fact]
    public void Should_tell_when_the_container_of_a_member_ended_after_it_restarted()
    {
        var pod = Pod(new V1ContainerStatus
        {
            Name = "postgres",
            State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Died.AddSeconds(2) } },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137, FinishedAt = Died } },
        });

        Assert.Equal(new DateTimeOffset(Died), PodMembers.Observe(pod, new KubernetesDriverOptions()).DiedAt);
    }

    [Fact]
    public void Should_tell_when_the_container_of_a_member_ended_while_it_is_still_down()
    {
        var pod = Pod(new V1ContainerStatus
        {
            Name = "postgres",
            State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137, FinishedAt = Died.AddMinutes(1) } },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137, FinishedAt = Died } },
        });

        Assert.Equal(new DateTimeOffset(Died.AddMinutes(1)), PodMembers.Observe(pod, new KubernetesDriverOptions()).DiedAt);
    }

    [Fact]
    public void Should_not_invent_a_death_for_a_container_that_never_ended()
    {
        var pod = Pod(new V1ContainerStatus { Name = "postgres", State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Died } } });

        Assert.Null(PodMembers.Observe(pod, new KubernetesDriverOptions()).DiedAt);
    }

    private static V1Pod Pod(V1ContainerStatus container) => new()
    {
        Metadata = new V1ObjectMeta { Name = "orders-0", Labels = new Dictionary<string, string> { ["spilo-role"] = "master" } },
        Status = new V1PodStatus { Phase = "Running", PodIP = "127.0.10.1", ContainerStatuses = [container] },
    };
}
