using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Calendar;

/// <summary>How <see cref="DutyAssignment"/> is stored: one owner per duty and tenant.</summary>
internal sealed class DutyAssignmentConfiguration : IEntityTypeConfiguration<DutyAssignment>
{
    public void Configure(EntityTypeBuilder<DutyAssignment> a)
    {
        a.ToTable("duty_assignments");
        a.HasKey(x => new { x.TenantId, x.DutyId });
        a.Property(x => x.DutyId).HasMaxLength(DutyAssignments.DutyIdLimit);
        a.Property(x => x.Owner).HasMaxLength(LetheDbContext.Limits.Email);
        a.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
