namespace ControlPlane.Worker.Tests.Hosting;

public sealed class DriverSelectionTests
{
    private static readonly Dictionary<string, string?> NoKubernetes = new() { ["HOME"] = "/home/dev" };

    [Fact]
    public void Should_choose_local_when_no_cluster_is_configured()
    {
        Assert.Equal("local", DriverSelection.Resolve(null, NoKubernetes.GetValueOrDefault, _ => false));
    }

    [Fact]
    public void Should_choose_kubernetes_when_a_kubeconfig_exists_in_home()
    {
        Assert.Equal("kubernetes", DriverSelection.Resolve("", NoKubernetes.GetValueOrDefault, path => path == "/home/dev/.kube/config"));
    }

    [Fact]
    public void Should_choose_kubernetes_when_running_in_a_cluster()
    {
        var env = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" };

        Assert.Equal("kubernetes", DriverSelection.Resolve(null, env.GetValueOrDefault, _ => false));
    }

    [Fact]
    public void Should_follow_the_configured_driver_over_the_environment()
    {
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = "/etc/kube" };

        Assert.Equal("local", DriverSelection.Resolve("Local", env.GetValueOrDefault, _ => true));
    }

    [Fact]
    public void Should_reject_an_unknown_driver()
    {
        Assert.Throws<InvalidOperationException>(() => DriverSelection.Resolve("docker", NoKubernetes.GetValueOrDefault, _ => false));
    }
}
