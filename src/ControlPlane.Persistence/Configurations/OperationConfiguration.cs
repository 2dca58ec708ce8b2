using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class OperationConfiguration : IEntityTypeConfiguration<Operation>
{
    public void Configure(EntityTypeBuilder<Operation> builder)
    {
        builder.ToTable("operations");
        builder.Property(o => o.Type).HasConversion(new LowercaseEnumConverter<Domain.Operations.OperationType>()).HasMaxLength(32);
        builder.Property(o => o.Status).HasConversion(new LowercaseEnumConverter<Domain.Operations.OperationStatus>()).HasMaxLength(16);
        builder.Property(o => o.TargetMember).HasMaxLength(100);
        builder.Property(o => o.FromMember).HasMaxLength(100);
        builder.Property(o => o.Version).IsRowVersion();
        builder.HasOne<Instance>().WithMany().HasForeignKey(o => o.InstanceId);
        builder.HasIndex(o => new { o.InstanceId, o.CreatedAt });
        // The deadline sweeper scans only active operations.
        builder.HasIndex(o => o.Deadline).HasFilter("status in ('pending', 'running')");
    }
}
