using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Testing.Provisioning;

/// <summary>"Decrypts" payloads of the form "protected:&lt;password&gt;", so tests can see the column was passed through.</summary>
public sealed class FakeUnprotector : ICredentialsUnprotector
{
    public const string Prefix = "protected:";

    public InstanceCredentials Unprotect(string protectedPayload) =>
        protectedPayload.StartsWith(Prefix, StringComparison.Ordinal)
            ? TestInstances.Credentials with { Password = protectedPayload[Prefix.Length..] }
            : throw new InvalidOperationException("not a protected payload");
}
