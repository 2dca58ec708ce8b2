using System.Text;
using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// The instance's credentials. Written as <c>data</c> (not stringData) because that is what the API server stores
/// and returns, so an unchanged Secret compares equal and is not patched again.
/// </summary>
public static class SecretBuilder
{
    public static V1Secret Build(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner)
    {
        var c = instance.Credentials;
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = Meta.For(instance, options, InstanceNaming.Secret(instance), owner),
            Data = new Dictionary<string, byte[]>
            {
                [SecretKeys.Database] = Utf8(c.Database),
                [SecretKeys.Username] = Utf8(c.Username),
                [SecretKeys.Password] = Utf8(c.Password),
                [SecretKeys.SuperuserUsername] = Utf8(SecretKeys.Superuser),
                [SecretKeys.SuperuserPassword] = Utf8(c.SuperuserPassword),
                [SecretKeys.ReplicationUsername] = Utf8(SecretKeys.ReplicationUser),
                [SecretKeys.ReplicationPassword] = Utf8(c.ReplicationPassword),
                [SecretKeys.PatroniApiUsername] = Utf8(c.PatroniApiUsername),
                [SecretKeys.PatroniApiPassword] = Utf8(c.PatroniApiPassword),
            },
        };
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
