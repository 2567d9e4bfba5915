using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Consent;

/// <summary>How <see cref="SuppressionEntry"/> is stored.</summary>
internal sealed class SuppressionEntryConfiguration : IEntityTypeConfiguration<SuppressionEntry>
{
    public void Configure(EntityTypeBuilder<SuppressionEntry> e)
    {
        e.ToTable("suppression_entries");
        e.HasKey(x => x.Id);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.Property(x => x.Kind).HasMaxLength(8);
        e.Property(x => x.Reason).HasMaxLength(16);
        e.HasIndex(x => new { x.TenantId, x.Hash }).IsUnique();
        // No foreign key to the request: the entry outlives the request's personal data by design.
        e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
