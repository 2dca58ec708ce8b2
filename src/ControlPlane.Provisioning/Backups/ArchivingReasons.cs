namespace ControlPlane.Provisioning.Backups;

/// <summary>The reasons of the <c>Archiving</c> condition, defined once.</summary>
public static class ArchivingReasons
{
    public const string Archiving = "Archiving";
    public const string CommandFailing = "ArchiveCommandFailing";
    public const string Lagging = "ArchiveLagging";
    public const string NoPrimary = "NoPrimary";
}
