namespace ControlPlane.Instances.Idempotency;

/// <summary>The first answer to a keyed request, kept so that sending it again gets the same answer.</summary>
public sealed record IdempotentAnswer(int StatusCode, string Body, string? Location);
