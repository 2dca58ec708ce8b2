using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Api.Organizations;

/// <param name="Name">The person who will hold the key; every audit entry it makes carries this name.</param>
/// <param name="ExpiresAt">When the key stops working; omitted, it works until revoked.</param>
public sealed record CreateSupportKeyRequest([property: Required] string? Name, DateTimeOffset? ExpiresAt = null);
