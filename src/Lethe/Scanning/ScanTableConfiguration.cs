using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Scanning;

/// <summary>How <see cref="ScanTable"/> is stored.</summary>
internal sealed class ScanTableConfiguration : IEntityTypeConfiguration<ScanTable>
{
    public void Configure(EntityTypeBuilder<ScanTable> t)
    {
        t.ToTable("scan_tables");
        t.HasKey(x => x.Id);
        t.Property(x => x.Datastore).HasMaxLength(200);
        t.Property(x => x.Table).HasMaxLength(200);
        t.Property(x => x.Checkpoint).HasMaxLength(100);
        t.Property(x => x.Error).HasMaxLength(1000);
        t.HasIndex(x => new { x.RunId, x.Datastore, x.Table }).IsUnique();
        t.HasOne<ScanRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
