using ControlPlane.Domain.Backups;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class BackupConfiguration : IEntityTypeConfiguration<Backup>
{
    public void Configure(EntityTypeBuilder<Backup> builder)
    {
        builder.ToTable("backups");
        builder.Property(b => b.Kind).HasConversion(new LowercaseEnumConverter<BackupKind>()).HasMaxLength(16);
        builder.Property(b => b.Status).HasConversion(new LowercaseEnumConverter<BackupStatus>()).HasMaxLength(32);
        builder.Property(b => b.Engine).HasMaxLength(32);
        builder.Property(b => b.EngineId).HasMaxLength(100);
        builder.Property(b => b.WalStart).HasMaxLength(64);
        builder.Property(b => b.WalStop).HasMaxLength(64);
        builder.Property(b => b.LsnStart).HasMaxLength(32);
        builder.Property(b => b.LsnStop).HasMaxLength(32);
        builder.HasOne<Instance>().WithMany().HasForeignKey(b => b.InstanceId);
        builder.HasOne<Operation>().WithMany().HasForeignKey(b => b.OperationId);
        // The list pages newest first per instance; one engine backup is recorded once.
        builder.HasIndex(b => new { b.InstanceId, b.Id });
        builder.HasIndex(b => b.OperationId).IsUnique();
        builder.HasIndex(b => new { b.InstanceId, b.EngineId }).IsUnique().HasFilter("engine_id is not null");
    }
}
