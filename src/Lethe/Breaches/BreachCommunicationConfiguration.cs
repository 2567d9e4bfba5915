using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Breaches;

/// <summary>How <see cref="BreachCommunication"/> is stored: letters once and a public notice once per breach.</summary>
internal sealed class BreachCommunicationConfiguration : IEntityTypeConfiguration<BreachCommunication>
{
    public void Configure(EntityTypeBuilder<BreachCommunication> c)
    {
        c.ToTable("breach_communications");
        c.HasKey(x => x.Id);
        c.Property(x => x.Kind).HasMaxLength(16);
        c.Property(x => x.Description).HasMaxLength(BreachCommands.TextLimit);
        c.Property(x => x.Languages).HasMaxLength(64);
        c.Property(x => x.Reason).HasMaxLength(BreachCommands.TextLimit);
        c.Property(x => x.PublishedWhere).HasMaxLength(1000);
        c.Property(x => x.MadeBy).HasMaxLength(LetheDbContext.Limits.Email);
        c.HasIndex(x => new { x.BreachId, x.Kind }).IsUnique();
        c.HasOne<Breach>().WithMany().HasForeignKey(x => x.BreachId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How <see cref="BreachReminder"/> is stored: the unique key is what makes a reminder go once.</summary>
internal sealed class BreachReminderConfiguration : IEntityTypeConfiguration<BreachReminder>
{
    public void Configure(EntityTypeBuilder<BreachReminder> r)
    {
        r.ToTable("breach_reminders");
        r.HasKey(x => x.Id);
        r.HasIndex(x => new { x.BreachId, x.Hours }).IsUnique();
        r.HasOne<Breach>().WithMany().HasForeignKey(x => x.BreachId).OnDelete(DeleteBehavior.Cascade);
    }
}
