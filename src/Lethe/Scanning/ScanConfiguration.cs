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
