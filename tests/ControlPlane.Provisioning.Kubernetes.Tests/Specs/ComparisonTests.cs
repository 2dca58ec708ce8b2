using System.Text.Json.Nodes;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Kubernetes.Apply;
using ControlPlane.Provisioning.Kubernetes.Specs;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Specs;

public sealed class ComparisonTests
{
    [Theory]
    [InlineData(0.5, "500m")]
    [InlineData(2, "2")]
    [InlineData(1.25, "1250m")]
    public void Should_write_cpu_in_canonical_form(decimal vcpu, string expected) => Assert.Equal(expected, Quantities.Cpu(vcpu));

    [Theory]
    [InlineData(1024, "1Gi")]
    [InlineData(1536, "1536Mi")]
    public void Should_write_memory_in_canonical_form(int mb, string expected) => Assert.Equal(expected, Quantities.MemoryMb(mb));

    [Fact]
    public void Should_treat_server_added_fields_as_no_difference()
    {
        var desired = JsonNode.Parse("""{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"postgres","resources":{"limits":{"memory":"1024Mi"}}}]}}}}""");
        var stored = JsonNode.Parse("""{"metadata":{"uid":"x"},"spec":{"replicas":3,"revisionHistoryLimit":10,"template":{"spec":{"dnsPolicy":"ClusterFirst","containers":[{"name":"postgres","imagePullPolicy":"IfNotPresent","resources":{"limits":{"memory":"1Gi"}}}]}}},"status":{"replicas":3}}""");

        Assert.True(ObjectComparer.Contains(stored, desired));
    }

    [Fact]
    public void Should_see_a_changed_value_or_list_length_as_a_difference()
    {
        var stored = JsonNode.Parse("""{"spec":{"replicas":3,"ports":[{"port":5432}]}}""");

        Assert.False(ObjectComparer.Contains(stored, JsonNode.Parse("""{"spec":{"replicas":2}}""")));
        Assert.False(ObjectComparer.Contains(stored, JsonNode.Parse("""{"spec":{"ports":[{"port":5432},{"port":8008}]}}""")));
        Assert.False(ObjectComparer.Contains(stored, JsonNode.Parse("""{"spec":{"selector":{"a":"b"}}}""")));
    }

    [Theory]
    [InlineData("master", MemberRole.Primary)]
    [InlineData("replica", MemberRole.Replica)]
    [InlineData(null, MemberRole.Unknown)]
    [InlineData("uninitialized", MemberRole.Unknown)]
    public void Should_map_the_role_label_to_a_member_role(string? label, MemberRole expected)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "orders-0", Labels = label is null ? [] : new Dictionary<string, string> { ["spilo-role"] = label } },
            Status = new V1PodStatus { Phase = "Running", PodIP = "127.0.10.1", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] },
        };

        var member = PodMembers.Observe(pod, new KubernetesDriverOptions());

        Assert.Equal(expected, member.Role);
        Assert.True(member.Ready);
        Assert.True(member.Reachable);
        Assert.Equal("127.0.10.1", member.Host);
    }

    [Fact]
    public void Should_report_a_pending_pod_without_an_ip_as_unreachable_and_not_ready()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "orders-1" }, Status = new V1PodStatus { Phase = "Pending" } };

        var member = PodMembers.Observe(pod, new KubernetesDriverOptions());

        Assert.False(member.Reachable);
        Assert.False(member.Ready);
        Assert.Equal("pending", member.State);
    }
}
