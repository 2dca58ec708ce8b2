using System.Net.Sockets;
using MassTransit;
using Npgsql;

namespace ControlPlane.Recording;

/// <summary>
/// How the recording consumers retry. Two policies, nested: conflicting writers of one instance row (xmin) and other
/// errors get a few quick retries and then the _error queue; an unreachable, restarting or locked-up metadata database
/// gets retries that outlast its outage (about ten minutes), so a worker's report is applied once the database is back
/// instead of being parked for a human. In-memory retries, because MassTransit 8's delayed redelivery needs a message
/// scheduler, and on RabbitMQ that is the delayed-message-exchange plugin, which our broker does not have; the broker's
/// consumer timeout (30 min by default) is well above the retry's length.
/// </summary>
public static class RecordingRetryPolicy
{
    public static void UseRecordingRetry(this IConsumePipeConfigurator endpoint)
    {
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsTransientDatabaseError);
            // About 0.1, 0.3, 0.7 … 25 s, then 30 s each: ~9 minutes in all.
            retry.Exponential(25, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        });
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(IsTransientDatabaseError);
            retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
        });
    }

    /// <summary>The database could not be reached or asked us to come back: anything in the chain says so.</summary>
    public static bool IsTransientDatabaseError(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true } or TimeoutException or SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
