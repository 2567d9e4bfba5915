using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Scanning;

/// <summary>How <see cref="ScanFinding"/> is stored: kinds and confidences by their wire names.</summary>
internal sealed class ScanFindingConfiguration : IEntityTypeConfiguration<ScanFinding>
{
    public void Configure(EntityTypeBuilder<ScanFinding> f)
    {
        f.ToTable("scan_findings");
        f.HasKey(x => x.Id);
        f.Property(x => x.Datastore).HasMaxLength(200);
        f.Property(x => x.Table).HasMaxLength(200);
        f.Property(x => x.Column).HasMaxLength(200);
        f.Property(x => x.Kind).HasConversion<WireNameConverter<DetectorKind>>().HasMaxLength(32);
        f.Property(x => x.Confidence).HasConversion<WireNameConverter<Confidence>>().HasMaxLength(16);
        f.Property(x => x.ExampleKeys).HasMaxLength(4000);
        f.Property(x => x.Category).HasMaxLength(100);
        f.HasIndex(x => new { x.RunId, x.Datastore, x.Table, x.Column, x.Kind, x.Confidence }).IsUnique();
        f.HasOne<ScanRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
