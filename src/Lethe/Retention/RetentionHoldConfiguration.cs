using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Retention;

/// <summary>How <see cref="RetentionHold"/> is stored.</summary>
internal sealed class RetentionHoldConfiguration : IEntityTypeConfiguration<RetentionHold>
{
    public void Configure(EntityTypeBuilder<RetentionHold> h)
    {
        h.ToTable("retention_holds");
        h.HasKey(x => x.Id);
        h.Property(x => x.Scope).HasMaxLength(16);
        h.Property(x => x.Collection).HasMaxLength(200);
        h.Property(x => x.Reason).HasMaxLength(1000);
        h.Property(x => x.CreatedBy).HasMaxLength(LetheDbContext.Limits.Email);
        h.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
