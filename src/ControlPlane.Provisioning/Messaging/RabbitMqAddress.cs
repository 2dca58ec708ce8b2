namespace ControlPlane.Provisioning.Messaging;

/// <summary>The parts of an amqp://user:password@host:port/vhost URI that MassTransit's host configuration wants.</summary>
public sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public const string ConnectionStringName = "RabbitMq";

    public static RabbitMqAddress Parse(string connectionString)
    {
        var uri = new Uri(connectionString, UriKind.Absolute);
        if (uri.Scheme is not ("amqp" or "rabbitmq"))
        {
            throw new FormatException($"ConnectionStrings:{ConnectionStringName} must be an amqp:// URI, not {uri.Scheme}://.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var username = userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "guest";
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest";
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var port = uri.IsDefaultPort || uri.Port < 0 ? (ushort)5672 : (ushort)uri.Port;
        return new RabbitMqAddress(uri.Host, port, path.Length == 0 ? "/" : path, username, password);
    }

    public override string ToString() => $"amqp://{Username}@{Host}:{Port}/{VirtualHost.TrimStart('/')}";
}
