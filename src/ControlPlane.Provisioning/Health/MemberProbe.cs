using ControlPlane.Provisioning.Patroni;

namespace ControlPlane.Provisioning.Health;

/// <summary>One member's own answer (or silence) to GET /patroni.</summary>
public sealed record MemberProbe(string Member, Uri ApiUrl, PatroniResponse<PatroniMemberStatus> Status);
