using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Api.Instances;

/// <summary>
/// The `Idempotency-Key` header: the same key and body within 24 hours replays the first answer, the same key with
/// another body is a 422 (<see cref="ControlPlane.Instances.Idempotency.IdempotencyStore"/> keeps the answers).
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>What makes two requests "the same": the route and the body as bound.</summary>
    public static string Hash(string route, string body) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(route + "\n" + body)));
}
