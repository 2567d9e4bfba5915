using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Audit;

/// <summary>How <see cref="AuditEntry"/> is stored.</summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_entries");
        e.HasKey(x => x.Sequence);
        e.Property(x => x.Sequence).ValueGeneratedNever();
        e.Property(x => x.ActorKind).HasMaxLength(16);
        e.Property(x => x.ActorId).HasMaxLength(64);
        e.Property(x => x.ActorName).HasMaxLength(LetheDbContext.Limits.Email);
        e.Property(x => x.Action).HasMaxLength(64);
        e.Property(x => x.Target).HasMaxLength(200);
        e.Property(x => x.PreviousHash).HasMaxLength(64);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.HasIndex(x => new { x.TenantId, x.Sequence });
        e.HasIndex(x => x.OccurredAt);
        // No foreign key to tenants: the log outlives what it describes.
    }
}
