using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Breaches;

/// <summary>How <see cref="Breach"/> is stored.</summary>
internal sealed class BreachConfiguration : IEntityTypeConfiguration<Breach>
{
    public void Configure(EntityTypeBuilder<Breach> b)
    {
        b.ToTable("breaches");
        b.HasKey(x => x.Id);
        b.Property(x => x.Description).HasMaxLength(BreachCommands.TextLimit);
        b.Property(x => x.Affected).HasMaxLength(2000);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Risk).HasMaxLength(16);
        b.Property(x => x.RiskReasons).HasMaxLength(BreachCommands.TextLimit);
        b.Property(x => x.Consequences).HasMaxLength(BreachCommands.TextLimit);
        b.Property(x => x.Measures).HasMaxLength(BreachCommands.TextLimit);
        b.Property(x => x.LateReason).HasMaxLength(BreachCommands.TextLimit);
        b.Property(x => x.RecordedBy).HasMaxLength(LetheDbContext.Limits.Email);
        b.Property(x => x.AssessedBy).HasMaxLength(LetheDbContext.Limits.Email);
        b.Property(x => x.NotifiedBy).HasMaxLength(LetheDbContext.Limits.Email);
        b.Property(x => x.ClosedBy).HasMaxLength(LetheDbContext.Limits.Email);
        b.Ignore(x => x.Clock);
        b.Ignore(x => x.AffectedParts);
        b.Ignore(x => x.MayClose);
        b.HasIndex(x => new { x.TenantId, x.AwareAt });
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How <see cref="BreachNotification"/> is stored.</summary>
internal sealed class BreachNotificationConfiguration : IEntityTypeConfiguration<BreachNotification>
{
    public void Configure(EntityTypeBuilder<BreachNotification> n)
    {
        n.ToTable("breach_notifications");
        n.HasKey(x => x.Id);
        n.Property(x => x.Language).HasMaxLength(8);
        n.Property(x => x.MadeBy).HasMaxLength(LetheDbContext.Limits.Email);
        n.Property(x => x.Added).HasMaxLength(BreachCommands.TextLimit);
        n.HasIndex(x => new { x.BreachId, x.Phase }).IsUnique();
        n.HasOne<Breach>().WithMany().HasForeignKey(x => x.BreachId).OnDelete(DeleteBehavior.Cascade);
    }
}
