using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> builder)
    {
        builder.ToTable("instances");
        builder.Property(i => i.Name).HasMaxLength(40);
        builder.Property(i => i.Region).HasMaxLength(63);
        builder.Property(i => i.Plan).HasMaxLength(63);
        builder.Property(i => i.PlanVCpu).HasColumnName("plan_vcpu").HasPrecision(6, 2);
        builder.Property(i => i.Status).HasConversion(new LowercaseEnumConverter<Domain.Instances.InstanceStatus>()).HasMaxLength(16);
        builder.Property(i => i.ReplicationMode).HasConversion(new LowercaseEnumConverter<Domain.Instances.ReplicationMode>()).HasMaxLength(16);
        builder.Property(i => i.DataDurability).HasConversion(new LowercaseEnumConverter<Domain.Instances.DataDurability>()).HasMaxLength(16);
        builder.Property(i => i.Health).HasMaxLength(16);
        builder.Property(i => i.Observed).HasColumnName("observed").HasColumnType("jsonb")
            .HasConversion(ObservedStateConversion.Converter, ObservedStateConversion.Comparer);
        builder.Property(i => i.Version).IsRowVersion();
        builder.Ignore(i => i.Spec);
        builder.Ignore(i => i.Source);
        builder.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId);

        // Names are unique among an organisation's instances that are not deleted; deleted rows stay for the record.
        builder.HasIndex(i => new { i.OrganizationId, i.Name }).IsUnique().HasFilter("status <> 'deleted'");
        // Keyset pagination: (organization_id, id) in id order, and the support view across organisations.
        builder.HasIndex(i => new { i.OrganizationId, i.Id });
        builder.HasIndex(i => new { i.Region, i.Status });
    }
}
