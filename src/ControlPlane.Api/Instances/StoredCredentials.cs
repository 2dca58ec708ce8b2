namespace ControlPlane.Api.Instances;

/// <summary>
/// The credentials document the control plane generates and protects. Field names match the worker's
/// InstanceCredentials (camelCase JSON), which decrypts it with the shared key ring.
/// </summary>
public sealed record StoredCredentials(
    string Database,
    string Username,
    string Password,
    string SuperuserPassword,
    string ReplicationPassword,
    string PatroniApiUsername,
    string PatroniApiPassword)
{
    public override string ToString() => $"credentials for {Username}@{Database} (redacted)";
}
