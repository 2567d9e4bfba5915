using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Scanning;

/// <summary>How <see cref="ScanRun"/> is stored.</summary>
internal sealed class ScanRunConfiguration : IEntityTypeConfiguration<ScanRun>
{
    public void Configure(EntityTypeBuilder<ScanRun> r)
    {
        r.ToTable("scan_runs");
        r.HasKey(x => x.Id);
        r.Property(x => x.StartedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.Property(x => x.Datastore).HasMaxLength(200);
        r.HasIndex(x => new { x.TenantId, x.StartedAt });
        r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
