using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>Sends the driver's logs to the test output, so a failed run shows what the driver did.</summary>
internal sealed class XunitLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test already finished; its output helper no longer accepts lines.
            }
        }
    }
}
