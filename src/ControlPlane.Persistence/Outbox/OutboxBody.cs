using System.Text.Json;

namespace ControlPlane.Persistence.Outbox;

/// <summary>
/// The format of an outbox row's body: written by <see cref="OutboxWriter"/> in the request's transaction and read
/// back by the dispatcher, perhaps by another version of the API in a rolling deploy, so it is defined once, here.
/// </summary>
public static class OutboxBody
{
    public static string Write<TCommand>(TCommand command)
        where TCommand : class => JsonSerializer.Serialize(command, JsonSerializerOptions.Web);

    /// <summary>The command of a body, as the type the row names; null for a body that holds JSON null.</summary>
    public static object? Read(string body, Type type) => JsonSerializer.Deserialize(body, type, JsonSerializerOptions.Web);
}
