using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>Decrypts the credentials the control plane stored (ASP.NET Core Data Protection, shared key ring).</summary>
public interface ICredentialsUnprotector
{
    InstanceCredentials Unprotect(string protectedPayload);
}
