using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Retention;

/// <summary>How <see cref="RetentionProgress"/> is stored.</summary>
internal sealed class RetentionProgressConfiguration : IEntityTypeConfiguration<RetentionProgress>
{
    public void Configure(EntityTypeBuilder<RetentionProgress> p)
    {
        p.ToTable("retention_progress");
        p.HasKey(x => x.Id);
        p.Property(x => x.Rule).HasMaxLength(100);
        p.Property(x => x.Collection).HasMaxLength(200);
        p.Property(x => x.Action).HasMaxLength(16);
        p.Property(x => x.LastKey).HasMaxLength(400);
        p.HasIndex(x => new { x.RunId, x.Rule }).IsUnique();
        p.HasOne<RetentionRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
