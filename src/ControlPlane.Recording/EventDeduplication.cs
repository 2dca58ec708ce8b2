using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Recording;

/// <summary>Consumers record the ids of the messages they applied, in the same transaction, and skip repeats.</summary>
internal static class EventDeduplication
{
    public static async Task<bool> AlreadyProcessedAsync(this ControlPlaneDbContext db, ConsumeContext context, string consumer, DateTimeOffset now)
    {
        if (context.MessageId is not { } id)
        {
            return false;
        }

        if (await db.ProcessedMessages.AnyAsync(m => m.MessageId == id && m.Consumer == consumer, context.CancellationToken))
        {
            return true;
        }

        db.ProcessedMessages.Add(new ProcessedMessage { MessageId = id, Consumer = consumer, ProcessedAt = now });
        return false;
    }
}
