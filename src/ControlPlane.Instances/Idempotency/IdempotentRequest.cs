using ControlPlane.Persistence.Entities;

namespace ControlPlane.Instances.Idempotency;

/// <summary>A request the caller may send again: its key, a fingerprint of what it asked, and how to render its answer.</summary>
/// <param name="Fingerprint">Equal for the same request; the caller (the API) decides what "the same" covers.</param>
/// <param name="Answer">The answer to keep for a replay, rendered in the caller's terms once the change is accepted.</param>
public sealed record IdempotentRequest(string Key, string Fingerprint, Func<Instance, Operation, IdempotentAnswer> Answer);
