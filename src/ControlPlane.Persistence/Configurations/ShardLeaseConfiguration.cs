using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class ShardLeaseConfiguration : IEntityTypeConfiguration<ShardLease>
{
    public void Configure(EntityTypeBuilder<ShardLease> builder)
    {
        builder.ToTable("shard_leases");
        builder.HasKey(l => new { l.Region, l.Shard });
        builder.Property(l => l.Region).HasMaxLength(100);
        builder.Property(l => l.Holder).HasMaxLength(200);
    }
}
