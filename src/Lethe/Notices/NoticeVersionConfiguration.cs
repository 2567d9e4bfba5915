using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Notices;

/// <summary>How <see cref="NoticeVersion"/> is stored.</summary>
internal sealed class NoticeVersionConfiguration : IEntityTypeConfiguration<NoticeVersion>
{
    public void Configure(EntityTypeBuilder<NoticeVersion> v)
    {
        v.ToTable("notice_versions");
        v.HasKey(x => x.Id);
        v.HasIndex(x => new { x.TenantId, x.Number }).IsUnique();
        v.Property(x => x.PublishedBy).HasMaxLength(LetheDbContext.Limits.Email);
        v.Property(x => x.KeepsConsent).HasDefaultValue(false);
        v.Property(x => x.ConsentTexts).HasMaxLength(64);
        v.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
