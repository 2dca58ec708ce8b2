using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class QuotaReservationConfiguration : IEntityTypeConfiguration<QuotaReservation>
{
    public void Configure(EntityTypeBuilder<QuotaReservation> builder)
    {
        builder.ToTable("quota_reservations");
        builder.IsUnlogged();
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.OrganizationId);
    }
}
