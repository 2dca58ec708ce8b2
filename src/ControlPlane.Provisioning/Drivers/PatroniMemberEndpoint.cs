namespace ControlPlane.Provisioning.Drivers;

/// <summary>How to reach one member's Patroni REST API (pod IP on Kubernetes, a loopback port locally).</summary>
public sealed record PatroniMemberEndpoint(string Member, Uri ApiUrl);
