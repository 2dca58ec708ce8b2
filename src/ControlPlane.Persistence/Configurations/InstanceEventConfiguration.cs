using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class InstanceEventConfiguration : IEntityTypeConfiguration<InstanceEvent>
{
    public void Configure(EntityTypeBuilder<InstanceEvent> builder)
    {
        builder.ToTable("instance_events");
        builder.Property(e => e.Type).HasMaxLength(32);
        builder.Property(e => e.DedupeKey).HasMaxLength(200);
        builder.HasIndex(e => e.DedupeKey).IsUnique();
        builder.HasIndex(e => new { e.InstanceId, e.Id });
        builder.OwnsOne(e => e.LeaderChange, l => l.ToJson("leader_change"));
    }
}
