using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Tests.Support;

public sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
