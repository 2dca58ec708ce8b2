using ControlPlane.Provisioning.Messaging;
using MassTransit;

namespace ControlPlane.Provisioning.Consumers;

internal static class RetryPolicyExtensions
{
    /// <summary>
    /// A few in-memory redeliveries with exponential spacing, then MassTransit moves the message to the queue's
    /// _error queue: a poison message is parked for a human, never looped.
    /// </summary>
    public static void ApplyWorkerPolicy(this IRetryConfigurator retry, WorkerMessagingOptions options) =>
        retry.Exponential(options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryIntervalDelta);
}
