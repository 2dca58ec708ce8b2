using System.Net;
using System.Text.Json.Nodes;

namespace ControlPlane.Api.Testing;

/// <summary>A response with its body read once: as JSON when it is JSON, always as text.</summary>
public sealed record ApiResponse(HttpResponseMessage Message, string Text, JsonNode? Body)
{
    public HttpStatusCode Status => Message.StatusCode;

    public JsonNode Json => Body ?? throw new InvalidOperationException($"Expected a JSON body, got {(int)Status}: {Text}");

    public string? ContentType => Message.Content.Headers.ContentType?.MediaType;

    public string? ETag => Message.Headers.ETag?.ToString();

    public string? Location => Message.Headers.Location?.ToString();

    public override string ToString() => $"{(int)Status} {ContentType}: {Text}";

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage message, CancellationToken cancellationToken)
    {
        var text = await message.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? body = null;
        if (message.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0)
        {
            body = JsonNode.Parse(text);
        }

        return new ApiResponse(message, text, body);
    }
}
