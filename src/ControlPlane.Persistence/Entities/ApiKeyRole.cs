namespace ControlPlane.Persistence.Entities;

public enum ApiKeyRole
{
    /// <summary>Scoped to one organisation.</summary>
    Member,

    /// <summary>Provider staff: every organisation, every action audited.</summary>
    Support,
}
