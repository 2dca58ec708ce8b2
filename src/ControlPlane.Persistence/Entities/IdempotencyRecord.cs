namespace ControlPlane.Persistence.Entities;

/// <summary>The first answer to a request carrying an Idempotency-Key, replayed for the same key and body.</summary>
public sealed class IdempotencyRecord
{
    public Guid OrganizationId { get; private set; }

    public string Key { get; private set; } = "";

    public string RequestHash { get; private set; } = "";

    public int StatusCode { get; private set; }

    public string ResponseBody { get; private set; } = "";

    public string? Location { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    private IdempotencyRecord()
    {
    }

    public static IdempotencyRecord Create(Guid organizationId, string key, string requestHash, int statusCode, string responseBody, string? location, DateTimeOffset now) =>
        new()
        {
            OrganizationId = organizationId,
            Key = key,
            RequestHash = requestHash,
            StatusCode = statusCode,
            ResponseBody = responseBody,
            Location = location,
            CreatedAt = now,
        };
}
