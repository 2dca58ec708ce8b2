using System.Diagnostics;
using ControlPlane.Contracts.Commands;

namespace ControlPlane.Persistence.Outbox;

/// <summary>Adds commands to the outbox of the current unit of work; they are sent only if it commits.</summary>
public sealed class OutboxWriter(ControlPlaneDbContext db, TimeProvider timeProvider)
{
    public void Send<TCommand>(string region, TCommand command)
        where TCommand : class
    {
        db.OutboxMessages.Add(OutboxMessage.Create(
            typeof(TCommand).FullName!,
            CommandQueues.ForRegion(region),
            OutboxBody.Write(command),
            Activity.Current?.Id,
            timeProvider.GetUtcNow()));
    }
}
