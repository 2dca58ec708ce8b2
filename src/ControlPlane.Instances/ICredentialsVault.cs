namespace ControlPlane.Instances;

/// <summary>Instance credentials as the use cases handle them: only ever protected, never in clear text here.</summary>
public interface ICredentialsVault
{
    /// <summary>New credentials for a new instance, protected for storage.</summary>
    string GenerateProtected();

    /// <summary>The same credentials with a new password, protected for storage.</summary>
    string WithNewPassword(string protectedCredentials);
}
