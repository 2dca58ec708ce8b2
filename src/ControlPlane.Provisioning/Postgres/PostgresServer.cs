namespace ControlPlane.Provisioning.Postgres;

/// <summary>Where a member's PostgreSQL listens and who administers it; both drivers name their superuser "postgres".</summary>
/// <param name="ConnectTimeout">Rounded up to whole seconds, Npgsql's unit.</param>
public sealed record PostgresServer(string Host, int Port, string SuperuserName, TimeSpan ConnectTimeout)
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    public static PostgresServer Local(string host, int port, string superuserName) => new(host, port, superuserName, DefaultConnectTimeout);

    public string SuperuserConnectionString(string superuserPassword) => ConnectionString(SuperuserName, superuserPassword, "postgres");

    public string ConnectionString(string username, string password, string database) =>
        new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = username,
            Password = password,
            Database = database,
            Pooling = false,
            Timeout = Math.Max(1, (int)Math.Ceiling(ConnectTimeout.TotalSeconds)),
            CommandTimeout = 30,
        }.ConnectionString;
}
