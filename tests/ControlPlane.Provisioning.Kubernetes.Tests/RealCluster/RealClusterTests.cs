using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Kubernetes.Tests.RealCluster;

/// <summary>
/// The driver against the cluster KUBECONFIG names (skipped without one). Each test uses a fresh organisation, so its
/// own namespace, and removes that namespace at the end. Pods are not waited for: pulling the image can take minutes.
/// </summary>
public sealed class RealClusterTests
{
    private static ServiceProvider Services() =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IInstanceObservationSink, RecordingSink>()
            .AddKubernetesDriver(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

    [KubernetesFact]
    public async Task Should_provision_reconcile_again_without_changes_and_delete_on_a_real_cluster()
    {
        await using var services = Services();
        var driver = services.GetRequiredService<IInstanceDriver>();
        var client = services.GetRequiredService<IKubernetes>();
        var options = services.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value;
        var instance = TestInstances.Create(ha: true, replicas: 1, storageGb: 1, name: "it-orders");
        var ns = InstanceNaming.Namespace(options, instance);
        try
        {
            var first = await driver.ReconcileAsync(instance, CancellationToken.None);
            Assert.Null(first.PermanentFailure);

            var sts = await client.AppsV1.ReadNamespacedStatefulSetAsync("it-orders", ns);
            var secret = await client.CoreV1.ReadNamespacedSecretAsync("it-orders-credentials", ns);
            Assert.Equal(2, sts.Spec.Replicas);
            Assert.Equal(InstanceLabels.For(instance), sts.Metadata.Labels);
            Assert.Equal("master", (await client.CoreV1.ReadNamespacedServiceAsync("it-orders-primary", ns)).Spec.Selector["spilo-role"]);

            var second = await driver.ReconcileAsync(instance, CancellationToken.None);
            Assert.Null(second.PermanentFailure);
            Assert.Equal(sts.Metadata.Generation, (await client.AppsV1.ReadNamespacedStatefulSetAsync("it-orders", ns)).Metadata.Generation);
            Assert.Equal(secret.Metadata.ResourceVersion, (await client.CoreV1.ReadNamespacedSecretAsync("it-orders-credentials", ns)).Metadata.ResourceVersion);
            Assert.Contains(instance.InstanceId, await driver.ListManagedInstancesAsync(CancellationToken.None));

            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!await driver.DeleteAsync(instance, CancellationToken.None))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the instance's objects were not garbage-collected within two minutes");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        finally
        {
            try
            {
                await client.CoreV1.DeleteNamespaceAsync(ns);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // never created: the test failed before the first write, and that failure is the one to report
            }
        }
    }
}
