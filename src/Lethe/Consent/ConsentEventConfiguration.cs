using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Consent;

/// <summary>How <see cref="ConsentEvent"/> is stored.</summary>
internal sealed class ConsentEventConfiguration : IEntityTypeConfiguration<ConsentEvent>
{
    public void Configure(EntityTypeBuilder<ConsentEvent> e)
    {
        e.ToTable("consent_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Subject).HasMaxLength(80);
        e.Property(x => x.Action).HasMaxLength(16);
        e.Property(x => x.PurposesJson).HasMaxLength(2000);
        e.Property(x => x.Channel).HasMaxLength(24);
        e.Property(x => x.TextsHash).HasMaxLength(64);
        e.Property(x => x.Position).HasDefaultValue(0);
        // PostgreSQL reads a subject's state from the index alone (the rows are wide with their receipts).
        e.HasIndex(x => new { x.TenantId, x.Subject, x.OccurredAt })
            .IncludeProperties(x => new { x.Position, x.Action, x.PurposesJson, x.NoticeVersion, x.Id });
        e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
