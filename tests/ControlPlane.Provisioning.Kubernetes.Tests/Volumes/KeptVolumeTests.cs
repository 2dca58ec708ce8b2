using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Volumes;

/// <summary>Claims kept from a deleted instance stay with it: a StatefulSet adopts any claim that bears the name it wants.</summary>
public sealed class KeptVolumeTests
{
    [Fact]
    public async Task Should_give_a_new_instance_with_an_old_instances_name_fresh_volumes_of_its_own()
    {
        await using var h = await DriverHarness.StartAsync(new Dictionary<string, string?> { ["KeepVolumesOnDelete"] = "true" });
        var old = TestInstances.Create(replicas: 1);
        Assert.True((await h.Driver.ReconcileAsync(old, CancellationToken.None)).Ready);
        Assert.True(await h.Driver.DeleteAsync(old, CancellationToken.None));
        var ns = h.Namespace(old);
        var kept = Names(h.Api.ListObjects("persistentvolumeclaims", ns, InstanceLabels.InstanceSelector(old.InstanceId)));
        Assert.Equal(2, kept.Count);

        var successor = TestInstances.Create(replicas: 1, organizationId: old.OrganizationId);
        var result = await h.Driver.ReconcileAsync(successor, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        var claims = Names(h.Api.ListObjects("persistentvolumeclaims", ns, InstanceLabels.InstanceSelector(successor.InstanceId)));
        Assert.Equal(2, claims.Count);
        Assert.Empty(claims.Intersect(kept));
        var statefulSet = h.Api.GetObject("statefulsets", ns, InstanceNaming.StatefulSet(successor))!;
        var template = statefulSet["spec"]!["volumeClaimTemplates"]![0]!["metadata"]!["name"]!.GetValue<string>();
        Assert.All(h.PodNames(successor), pod => Assert.DoesNotContain($"{template}-{pod}", kept));
        Assert.Equal(kept, Names(h.Api.ListObjects("persistentvolumeclaims", ns, InstanceLabels.InstanceSelector(old.InstanceId))));
    }

    private static List<string> Names(IEnumerable<JsonObject> objects) =>
        objects.Select(o => o["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
}
