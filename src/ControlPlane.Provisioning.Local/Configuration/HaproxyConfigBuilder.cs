using System.Text;
using ControlPlane.Provisioning.Local.State;

namespace ControlPlane.Provisioning.Local.Configuration;

/// <summary>
/// The router standing in for Kubernetes Services: a primary listener that follows Patroni's <c>/primary</c>
/// and, with replicas, a read-only listener on <c>/replica</c>. Fast checks so traffic moves within a second or two.
/// </summary>
public static class HaproxyConfigBuilder
{
    public static string Build(InstanceState state, string host)
    {
        var config = new StringBuilder()
            .AppendLine("global")
            .AppendLine("    maxconn 256")
            .AppendLine()
            .AppendLine("defaults")
            .AppendLine("    mode tcp")
            .AppendLine("    retries 2")
            .AppendLine("    timeout connect 2s")
            .AppendLine("    timeout client 30m")
            .AppendLine("    timeout server 30m")
            .AppendLine("    timeout check 2s");

        AppendListener(config, state, host, "primary", state.PrimaryPort, "/primary");
        if (state.Members > 1)
        {
            AppendListener(config, state, host, "replicas", state.ReplicaPort, "/replica");
        }

        return config.ToString();
    }

    private static void AppendListener(StringBuilder config, InstanceState state, string host, string name, int port, string check)
    {
        config.AppendLine()
            .Append("listen ").AppendLine(name)
            .Append("    bind ").Append(host).Append(':').Append(port).AppendLine()
            .AppendLine("    balance roundrobin")
            .Append("    option httpchk GET ").AppendLine(check)
            .AppendLine("    http-check expect status 200")
            // shutdown-sessions cuts clients off a demoted primary instead of leaving them on a read-only node.
            .AppendLine("    default-server inter 1s fastinter 500ms fall 2 rise 1 on-marked-down shutdown-sessions");
        for (var slot = 0; slot < state.Members; slot++)
        {
            var ports = state.Slots[slot];
            config.Append("    server ").Append(state.MemberName(slot)).Append(' ')
                .Append(host).Append(':').Append(ports.Postgres)
                .Append(" maxconn 100 check port ").Append(ports.Rest).AppendLine();
        }
    }
}
