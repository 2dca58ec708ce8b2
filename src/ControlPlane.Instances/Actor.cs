using ControlPlane.Domain;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Instances;

/// <summary>Who asks for a change, as the audit log records them: a member of one organisation, or support staff.</summary>
/// <param name="KeyId">The API key's id; null for the bootstrap support key from configuration.</param>
public sealed record Actor(Guid? KeyId, ApiKeyRole Role, Guid? OrganizationId, string KeyName)
{
    public bool IsSupport => Role == ApiKeyRole.Support;

    public string RoleName => EnumWords.Word(Role);

    /// <summary>Another organisation's instance is no more visible than a missing one.</summary>
    public bool CanSee(Guid organizationId) => IsSupport || OrganizationId == organizationId;
}
