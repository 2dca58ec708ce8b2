using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// The broker users scripts/rabbitmq.sh gives each component: the worker cannot send commands, the API cannot publish
/// the worker's events. Each refusal is paired with the same publish by the user who may, so a missing exchange
/// or a wrong password cannot pass for a refusal. That both still work is what the end-to-end tests show.
/// </summary>
public sealed class BrokerPermissionTests
{
    private static readonly string Region = "perm" + Guid.NewGuid().ToString("N")[..8];

    private static string CommandQueue => "controlplane-region-" + Region;

    private const string EventExchange = "ControlPlane.Contracts.Events:InstanceReady";

    [Fact]
    public async Task Should_refuse_the_worker_a_publish_to_a_regions_command_exchange_or_queue()
    {
        await using (var api = await ChannelAsync(Required(TestEnvironment.RabbitMqApi, "CP_TEST_RABBITMQ_API")))
        {
            await api.ExchangeDeclareAsync(CommandQueue, ExchangeType.Fanout, durable: true, autoDelete: false);
            await api.QueueDeclareAsync(CommandQueue, durable: true, exclusive: false, autoDelete: false);
            await api.QueueBindAsync(CommandQueue, CommandQueue, "");
            Assert.Null(await PublishAsync(api, CommandQueue, ""));
        }

        var worker = Required(TestEnvironment.RabbitMqWorker, "CP_TEST_RABBITMQ_WORKER");
        await using (var channel = await ChannelAsync(worker))
        {
            Assert.Equal(403, await PublishAsync(channel, CommandQueue, ""));
        }

        await using (var channel = await ChannelAsync(worker))
        {
            // Through the default exchange, straight to the queue.
            Assert.Equal(403, await PublishAsync(channel, "", CommandQueue));
        }

        await using (var api = await ChannelAsync(TestEnvironment.RabbitMqApi!))
        {
            await api.QueueDeleteAsync(CommandQueue);
            await api.ExchangeDeleteAsync(CommandQueue);
        }
    }

    [Fact]
    public async Task Should_refuse_the_api_a_publish_of_a_worker_event()
    {
        await using (var worker = await ChannelAsync(Required(TestEnvironment.RabbitMqWorker, "CP_TEST_RABBITMQ_WORKER")))
        {
            await worker.ExchangeDeclareAsync(EventExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            Assert.Null(await PublishAsync(worker, EventExchange, ""));
        }

        await using var api = await ChannelAsync(Required(TestEnvironment.RabbitMqApi, "CP_TEST_RABBITMQ_API"));
        Assert.Equal(403, await PublishAsync(api, EventExchange, ""));
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
