using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// The broker users scripts/rabbitmq.sh gives each component: the API cannot publish the worker's events, the worker
/// cannot write the API's queue or go around the exchanges. (It can write its region's queue and the exchange of the
/// same name: MassTransit binds the two, and binding needs write on the queue, whose name the exchange shares.) Each refusal is paired with the same publish by the user who may, so a missing exchange
/// or a wrong password cannot pass for a refusal. That both still work is what the end-to-end tests show.
/// </summary>
public sealed class BrokerPermissionTests
{
    private static readonly string Region = "perm" + Guid.NewGuid().ToString("N")[..8];

    private static string CommandQueue => "controlplane-region-" + Region;

    // An event exchange of this test's own: a real one is bound to the API's queue, which must never get a probe.
    private static string EventExchange => "ControlPlane.Contracts.Events:PermissionProbe" + Region;

    private static string ApiQueue => "controlplane-events-" + Region;

    [Fact]
    public async Task Should_refuse_the_worker_a_publish_through_the_default_exchange_or_to_the_apis_events_queue()
    {
        await using (var api = await ChannelAsync(Required(TestServices.RabbitMqApi, "CP_TEST_RABBITMQ_API")))
        {
            await api.QueueDeclareAsync(CommandQueue, durable: true, exclusive: false, autoDelete: false);
            await api.ExchangeDeclareAsync(ApiQueue, ExchangeType.Fanout, durable: true, autoDelete: false);
            Assert.Null(await PublishAsync(api, ApiQueue, ""));
        }

        var worker = Required(TestServices.RabbitMqWorker, "CP_TEST_RABBITMQ_WORKER");
        await using (var channel = await ChannelAsync(worker))
        {
            // Straight into a command queue by its name, as a sender would without the region's exchange.
            Assert.Equal(403, await PublishAsync(channel, "", CommandQueue));
        }

        await using (var channel = await ChannelAsync(worker))
        {
            // The API's events queue takes the worker's events only through their type exchanges.
            Assert.Equal(403, await PublishAsync(channel, ApiQueue, ""));
        }

        await using (var api = await ChannelAsync(TestServices.RabbitMqApi!))
        {
            await api.QueueDeleteAsync(CommandQueue);
            await api.ExchangeDeleteAsync(ApiQueue);
        }
    }

    [Fact]
    public async Task Should_refuse_the_api_a_publish_of_a_worker_event()
    {
        await using (var worker = await ChannelAsync(Required(TestServices.RabbitMqWorker, "CP_TEST_RABBITMQ_WORKER")))
        {
            await worker.ExchangeDeclareAsync(EventExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            Assert.Null(await PublishAsync(worker, EventExchange, ""));
        }

        await using (var api = await ChannelAsync(Required(TestServices.RabbitMqApi, "CP_TEST_RABBITMQ_API")))
        {
            Assert.Equal(403, await PublishAsync(api, EventExchange, ""));
        }

        await using var cleanup = await ChannelAsync(TestServices.RabbitMqWorker!);
        await cleanup.ExchangeDeleteAsync(EventExchange);
    }

    private static string Required(string? uri, string variable) =>
        uri ?? throw new InvalidOperationException($"{variable} is not set: scripts/test.sh passes the broker users scripts/rabbitmq.sh created.");

    private static async Task<IChannel> ChannelAsync(string uri)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync();
        return await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
    }

    /// <summary>Null when the broker confirmed the message, else the reply code it closed the channel with.</summary>
    private static async Task<int?> PublishAsync(IChannel channel, string exchange, string routingKey)
    {
        try
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, Encoding.UTF8.GetBytes("{}"));
            return null;
        }
        catch (Exception exception) when (exception is OperationInterruptedException or AlreadyClosedException or PublishException)
        {
            await Task.Delay(200);
            return channel.CloseReason?.ReplyCode;
        }
    }
}
