using System.Diagnostics;
using System.Text.Json;
using ControlPlane.Contracts.Commands;

namespace ControlPlane.Persistence.Outbox;

/// <summary>Adds commands to the outbox of the current unit of work; they are sent only if it commits.</summary>
public sealed class OutboxWriter(ControlPlaneDbContext db, TimeProvider timeProvider)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Send<TCommand>(string region, TCommand command)
        where TCommand : class
    {
        var body = JsonSerializer.Serialize(command, Json);
        db.OutboxMessages.Add(OutboxMessage.Create(
            typeof(TCommand).FullName!,
            CommandQueues.ForRegion(region),
            body,
            Activity.Current?.Id,
            timeProvider.GetUtcNow()));
    }
}
