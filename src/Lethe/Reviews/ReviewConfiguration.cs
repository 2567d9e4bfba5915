using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Reviews;

/// <summary>How <see cref="Review"/> is stored.</summary>
internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> r)
    {
        r.ToTable("reviews");
        r.HasKey(x => x.Id);
        r.Property(x => x.Status).HasMaxLength(16);
        r.Property(x => x.DataMapSha256).HasMaxLength(64);
        r.Property(x => x.StartedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.Property(x => x.CompletedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.Property(x => x.Summary).HasMaxLength(ReviewCommands.NoteLimit);
        r.HasIndex(x => new { x.TenantId, x.StartedAt });
        r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How <see cref="ReviewItem"/> is stored.</summary>
internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> i)
    {
        i.ToTable("review_items");
        i.HasKey(x => x.Id);
        i.Property(x => x.Kind).HasMaxLength(32);
        i.Property(x => x.Key).HasMaxLength(512);
        i.Property(x => x.Label).HasMaxLength(2000);
        i.Property(x => x.Decision).HasMaxLength(16);
        i.Property(x => x.Note).HasMaxLength(ReviewCommands.NoteLimit);
        i.Property(x => x.DecidedBy).HasMaxLength(LetheDbContext.Limits.Email);
        i.Ignore(x => x.Ref);
        i.HasIndex(x => new { x.ReviewId, x.Position }).IsUnique();
        i.HasOne<Review>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
