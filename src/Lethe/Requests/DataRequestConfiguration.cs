using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Requests;

/// <summary>How <see cref="DataRequest"/> is stored.</summary>
internal sealed class DataRequestConfiguration : IEntityTypeConfiguration<DataRequest>
{
    public void Configure(EntityTypeBuilder<DataRequest> r)
    {
        r.ToTable("requests");
        r.HasKey(x => x.Id);
        r.Property(x => x.Type).HasMaxLength(32);
        r.Property(x => x.CreatedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.Property(x => x.ExtensionReason).HasMaxLength(2000);
        // Requests registered before the lifecycle was kept were already being carried out.
        r.Property(x => x.Status).HasMaxLength(24).HasDefaultValue(RequestStatus.InProgress);
        r.Property(x => x.Channel).HasMaxLength(24).HasDefaultValue(RequestChannel.Api);
        r.Property(x => x.Language).HasMaxLength(8).HasDefaultValue("en");
        r.Property(x => x.Message).HasMaxLength(RequestInput.MaxTextLength);
        r.Property(x => x.Assignee).HasMaxLength(LetheDbContext.Limits.Email);
        r.Property(x => x.VerificationEvidence).HasMaxLength(RequestInput.MaxTextLength);
        r.Property(x => x.VerifiedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.Property(x => x.ApprovedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.Property(x => x.RejectionReason).HasMaxLength(RequestInput.MaxTextLength);
        r.Property(x => x.ChangesJson);
        r.Property(x => x.CorrectionJson);
        r.Property(x => x.ReminderStage).HasDefaultValue(0);
        r.HasIndex(x => new { x.TenantId, x.CreatedAt });
        r.HasIndex(x => new { x.TenantId, x.Status });
        r.HasIndex(x => x.GroupId);
        r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
