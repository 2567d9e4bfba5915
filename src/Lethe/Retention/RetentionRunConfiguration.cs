using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Retention;

/// <summary>How <see cref="RetentionRun"/> is stored.</summary>
internal sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> r)
    {
        r.ToTable("retention_runs");
        r.HasKey(x => x.Id);
        r.Property(x => x.StartedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.HasIndex(x => new { x.TenantId, x.StartedAt });
        r.HasIndex(x => x.OpenFor).IsUnique();
        r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
