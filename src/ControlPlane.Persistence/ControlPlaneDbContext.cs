using ControlPlane.Persistence.Entities;
using ControlPlane.Persistence.Outbox;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Persistence;

/// <summary>
/// The metadata database. The control plane (API process and its consumers) is its only writer.
/// New migration: <c>dotnet ef migrations add &lt;Name&gt; --project migrations/ControlPlane.Migrations --startup-project migrations/ControlPlane.Migrations</c>,
/// then <c>make migrations-script</c> to refresh the idempotent SQL script.
/// </summary>
public sealed class ControlPlaneDbContext(DbContextOptions<ControlPlaneDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Instance> Instances => Set<Instance>();

    public DbSet<Operation> Operations => Set<Operation>();

    public DbSet<InstanceEvent> InstanceEvents => Set<InstanceEvent>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Written by the workers (their only writes): who owns which shard of instances, under which epoch.</summary>
    public DbSet<ShardLease> ShardLeases => Set<ShardLease>();

    public DbSet<WorkerHeartbeat> WorkerHeartbeats => Set<WorkerHeartbeat>();

    public DbSet<QuotaReservation> QuotaReservations => Set<QuotaReservation>();

    public DbSet<QuotaUsageBound> QuotaUsageBounds => Set<QuotaUsageBound>();

    public DbSet<Backup> Backups => Set<Backup>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ControlPlaneDbContext).Assembly);
}
