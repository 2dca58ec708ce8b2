using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ControlPlane.Worker.Tests.Infrastructure;

/// <summary>Removes the durable queues and exchanges a test's region left on the shared test broker.</summary>
internal static class RabbitMqCleanup
{
    public static async Task DeleteRegionAsync(string amqpUri, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var name in new[] { queue, queue + "_error", queue + "_skipped", queue + "_error_error", queue + "_error_skipped" })
        {
            // A fresh channel each time: a refused operation closes the channel it ran on.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
                await channel.ExchangeDeleteAsync(name, ifUnused: false);
            }
            catch (OperationInterruptedException)
            {
                // never declared by this test
            }
        }
    }
}
