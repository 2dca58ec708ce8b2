using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class QuotaUsageBoundConfiguration : IEntityTypeConfiguration<QuotaUsageBound>
{
    public void Configure(EntityTypeBuilder<QuotaUsageBound> builder)
    {
        builder.ToTable("quota_usage_bounds");
        builder.IsUnlogged();
        builder.HasKey(b => b.OrganizationId);
    }
}
