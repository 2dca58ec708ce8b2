using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.ActorRole).HasMaxLength(16);
        builder.Property(a => a.ActorName).HasMaxLength(200);
        builder.HasIndex(a => new { a.OrganizationId, a.Id });
        builder.HasIndex(a => new { a.InstanceId, a.Id });
    }
}
