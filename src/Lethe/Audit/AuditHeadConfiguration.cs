using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Audit;

/// <summary>How <see cref="AuditHead"/> is stored.</summary>
internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> h)
    {
        h.ToTable("audit_head");
        h.HasKey(x => x.Id);
        h.Property(x => x.Id).ValueGeneratedNever();
        h.Property(x => x.Hash).HasMaxLength(64);
    }
}
