using ControlPlane.Persistence.Entities;

namespace ControlPlane.Migrations;

/// <summary>
/// `create-support-key &lt;name&gt;`: a named support key made with database access alone, so staff keys exist without the
/// bootstrap key (which can then be turned off). The key is printed once, to stdout; only its hash is stored.
/// </summary>
public static class SupportKeyCommand
{
    public static async Task<(Guid Id, string Secret)> CreateAsync(string connectionString, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var (key, secret) = ApiKey.Issue(null, ApiKeyRole.Support, name, DateTimeOffset.UtcNow, expiresAt);
        await using var db = MigrationContext.Create(connectionString);
        db.ApiKeys.Add(key);
        db.AuditLog.Add(AuditEntry.Create(key.CreatedAt, null, "support", "migrator", null, null, "supportkey.create",
            $$"""{"id":"{{key.Id}}","name":{{System.Text.Json.JsonSerializer.Serialize(name)}}}"""));
        await db.SaveChangesAsync(cancellationToken);
        return (key.Id, secret);
    }
}
