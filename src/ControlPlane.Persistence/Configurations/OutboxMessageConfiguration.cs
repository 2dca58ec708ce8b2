using ControlPlane.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ControlPlane.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.Property(m => m.MessageType).HasMaxLength(200);
        builder.Property(m => m.Destination).HasMaxLength(200);
        builder.Property(m => m.Body).HasColumnType("jsonb");
        builder.Property(m => m.TraceParent).HasMaxLength(64);
        // The dispatcher only ever reads unsent rows, oldest first.
        builder.HasIndex(m => m.CreatedAt).HasFilter("sent_at is null").HasDatabaseName("ix_outbox_messages_unsent");
    }
}
