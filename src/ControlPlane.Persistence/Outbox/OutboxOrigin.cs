using Npgsql;

namespace ControlPlane.Persistence.Outbox;

/// <summary>
/// This process as the sender of outbox notifications. Its metadata sessions carry the id as a session setting (set at
/// connection start-up, so no SET leaks through the pool), the outbox trigger sends it as the NOTIFY payload, and this
/// process's listener skips its own commits: the commit path already woke the local dispatcher, without a round trip.
/// </summary>
public sealed record OutboxOrigin(string Id)
{
    /// <summary>The channel every committed outbox row is announced on (the trigger in the OutboxCommitNotify migration).</summary>
    public const string Channel = "controlplane_outbox";

    /// <summary>The custom session setting the trigger reads; a session without it announces an empty origin.</summary>
    public const string Setting = "controlplane.outbox_origin";

    public static OutboxOrigin New() => new(Guid.NewGuid().ToString("N"));

    /// <summary>The connection string with this origin in its start-up options, next to any options already given.</summary>
    public string Stamp(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var option = $"-c {Setting}={Id}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? option : builder.Options + " " + option;
        return builder.ConnectionString;
    }

    public bool IsOwn(string payload) => string.Equals(payload, Id, StringComparison.Ordinal);
}
