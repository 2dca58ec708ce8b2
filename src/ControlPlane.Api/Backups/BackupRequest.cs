namespace ControlPlane.Api.Backups;

/// <param name="Kind">full (default), differential (changes since the last full backup) or incremental (since the last backup of any kind).</param>
public sealed record BackupRequest(string? Kind);
