namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>Keys of the instance Secret; the StatefulSet refers to them by secretKeyRef only.</summary>
public static class SecretKeys
{
    public const string Database = "database";
    public const string Username = "username";
    public const string Password = "password";
    public const string SuperuserUsername = "superuser-username";
    public const string SuperuserPassword = "superuser-password";
    public const string ReplicationUsername = "replication-username";
    public const string ReplicationPassword = "replication-password";
    public const string PatroniApiUsername = "patroni-api-username";
    public const string PatroniApiPassword = "patroni-api-password";

    public const string Superuser = "postgres";
    public const string ReplicationUser = "standby";
}
