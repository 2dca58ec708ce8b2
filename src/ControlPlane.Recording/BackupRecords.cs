using ControlPlane.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Recording;

internal static class BackupRecords
{
    /// <summary>The backup an operation asked for ends with it when the worker never reports (deadline, deletion).</summary>
    public static async Task FailRunningBackupAsync(this ControlPlaneDbContext db, Guid operationId, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var backup = await db.Backups.SingleOrDefaultAsync(b => b.OperationId == operationId, cancellationToken);
        backup?.Fail(error, now, now);
    }
}
