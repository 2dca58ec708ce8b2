using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

/// <summary>The organisation namespace's guards as the driver applies them against the API server double.</summary>
public sealed class NamespaceGuardTests
{
    private static readonly Dictionary<string, string?> Quota = new()
    {
        ["NamespaceQuota:requests.storage"] = "200Gi",
        ["NamespaceQuota:pods"] = "12",
    };

    [Fact]
    public async Task Should_create_the_namespace_with_its_pod_security_labels_default_deny_policy_and_quota()
    {
        await using var h = await DriverHarness.StartAsync(Quota);
        var instance = TestInstances.Create();
        var ns = h.Namespace(instance);

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        var labels = h.Api.GetObject("namespaces", null, ns)!["metadata"]!["labels"]!;
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/enforce"]!.GetValue<string>());
        var deny = h.Api.GetObject("networkpolicies", ns, NetworkPolicyBuilder.DefaultDenyName)!;
        Assert.Empty(deny["spec"]!["podSelector"]!.AsObject());
        Assert.Equal("Ingress", Assert.Single(deny["spec"]!["policyTypes"]!.AsArray())!.GetValue<string>());
        var hard = h.Api.GetObject("resourcequotas", ns, ResourceQuotaBuilder.Name)!["spec"]!["hard"]!;
        Assert.Equal("200Gi", hard["requests.storage"]!.GetValue<string>());
        Assert.Equal("12", hard["pods"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_never_patch_an_existing_namespace()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        var ns = h.Namespace(instance);
        h.Api.Seed("namespaces", null, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["team"] = "platform" } },
        });

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        Assert.DoesNotContain(h.Api.Requests, r => r.Method is "PATCH" or "PUT" && r.Path.EndsWith("/namespaces/" + ns, StringComparison.Ordinal));
        Assert.NotNull(h.Api.GetObject("networkpolicies", ns, NetworkPolicyBuilder.DefaultDenyName));
    }

    [Fact]
    public async Task Should_remove_the_quota_once_none_is_configured()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        var ns = h.Namespace(instance);
        h.Api.Seed("namespaces", null, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        h.Api.Seed("resourcequotas", ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ResourceQuota",
            ["metadata"] = new JsonObject { ["name"] = ResourceQuotaBuilder.Name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["hard"] = new JsonObject { ["pods"] = "3" } },
        });

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        Assert.Null(h.Api.GetObject("resourcequotas", ns, ResourceQuotaBuilder.Name));
    }
}
