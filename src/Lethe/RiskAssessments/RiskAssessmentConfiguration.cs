using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.RiskAssessments;

/// <summary>How <see cref="RiskAssessment"/> is stored.</summary>
internal sealed class RiskAssessmentConfiguration : IEntityTypeConfiguration<RiskAssessment>
{
    public void Configure(EntityTypeBuilder<RiskAssessment> r)
    {
        r.ToTable("risk_assessments");
        r.HasKey(x => x.Id);
        r.Property(x => x.System).HasMaxLength(128);
        r.Property(x => x.Measures).HasMaxLength(RiskCommands.TextLimit);
        r.Property(x => x.OtherMeasures).HasMaxLength(RiskCommands.TextLimit);
        r.Property(x => x.Reasons).HasMaxLength(RiskCommands.TextLimit);
        r.Property(x => x.DpiaSignals).HasMaxLength(128);
        r.Property(x => x.AssessedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.Ignore(x => x.Inherent);
        r.Ignore(x => x.Residual);
        r.HasIndex(x => new { x.TenantId, x.System, x.AssessedAt });
        r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
