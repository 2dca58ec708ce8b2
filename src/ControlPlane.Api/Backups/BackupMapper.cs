using ControlPlane.Domain;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Api.Backups;

public static class BackupMapper
{
    public static BackupResponse ToResponse(this Backup backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return new BackupResponse(backup.Id, EnumWords.Word(backup.Kind), EnumWords.Word(backup.Status), backup.EngineId, backup.OperationId,
            backup.RequestedAt, backup.StartedAt, backup.FinishedAt, backup.WalStart, backup.WalStop, backup.LsnStart, backup.LsnStop,
            backup.SizeBytes, backup.RepositorySizeBytes, backup.Error);
    }
}
