namespace ControlPlane.Provisioning.DesiredState;

/// <summary>The Data Protection names shared with the API: both must use the same ones or nothing decrypts.</summary>
public static class CredentialsProtection
{
    public const string ApplicationName = "ControlPlane";
    public const string Purpose = "ControlPlane.InstanceCredentials.v1";
}
