using System.Text.Json;

namespace ControlPlane.Api.Infrastructure;

/// <summary>A JSON string the <see cref="UnsafeText"/> rule refuses; the serializer adds the JSON path, the error handler names it.</summary>
public sealed class UnsafeTextException(string reason) : JsonException(reason)
{
    public string Reason { get; } = reason;
}
