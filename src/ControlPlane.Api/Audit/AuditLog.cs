using System.Text.Json;
using ControlPlane.Api.Auth;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Api.Audit;

/// <summary>Adds an audit entry to the current unit of work, so it commits (or not) with the change it records.</summary>
public sealed class AuditLog(ControlPlaneDbContext db, TimeProvider timeProvider)
{
    public void Record(Caller caller, string action, Guid? organizationId, Guid? instanceId, object? detail = null) =>
        db.AuditLog.Add(AuditEntry.Create(
            timeProvider.GetUtcNow(),
            caller.KeyId,
            caller.RoleName,
            caller.KeyName,
            organizationId,
            instanceId,
            action,
            detail is null ? "" : JsonSerializer.Serialize(detail, JsonSerializerOptions.Web)));
}
