namespace ControlPlane.Security;

/// <summary>Names the API and the worker must agree on to share one Data Protection key ring.</summary>
public static class CredentialsProtection
{
    public const string ApplicationName = "ControlPlane";
    public const string Purpose = "ControlPlane.InstanceCredentials.v1";
}
