using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Messages;

/// <summary>How <see cref="OutboxMessage"/> is stored.</summary>
internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> m)
    {
        m.ToTable("outbox_messages");
        m.HasKey(x => x.Id);
        m.Property(x => x.Template).HasMaxLength(32);
        m.Property(x => x.Language).HasMaxLength(8);
        m.Property(x => x.Subject).HasMaxLength(300);
        m.Property(x => x.Status).HasMaxLength(16);
        m.Property(x => x.LastError).HasMaxLength(200);
        m.HasIndex(x => new { x.Status, x.NextAttemptAt });
        m.HasIndex(x => x.RequestId);
        m.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
