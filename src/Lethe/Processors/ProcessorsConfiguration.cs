using Lethe.Breaches;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Processors;

/// <summary>How <see cref="AgreementDocument"/> is stored.</summary>
internal sealed class AgreementDocumentConfiguration : IEntityTypeConfiguration<AgreementDocument>
{
    public void Configure(EntityTypeBuilder<AgreementDocument> d)
    {
        d.ToTable("agreement_documents");
        d.HasKey(x => x.Id);
        d.Property(x => x.ProcessorKey).HasMaxLength(100);
        d.Property(x => x.FileName).HasMaxLength(AgreementDocuments.MaxFileName);
        d.Property(x => x.ContentType).HasMaxLength(100);
        d.Property(x => x.Sha256).HasMaxLength(64);
        d.Property(x => x.UploadedBy).HasMaxLength(LetheDbContext.Limits.Email);
        d.HasIndex(x => new { x.TenantId, x.ProcessorKey, x.UploadedAt });
        d.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How <see cref="SubProcessorChange"/> is stored.</summary>
internal sealed class SubProcessorChangeConfiguration : IEntityTypeConfiguration<SubProcessorChange>
{
    public void Configure(EntityTypeBuilder<SubProcessorChange> c)
    {
        c.ToTable("sub_processor_changes");
        c.HasKey(x => x.Id);
        c.Property(x => x.ProcessorKey).HasMaxLength(100);
        c.Property(x => x.Name).HasMaxLength(LetheDbContext.Limits.Name);
        c.Property(x => x.Location).HasMaxLength(100);
        c.Property(x => x.Replaces).HasMaxLength(LetheDbContext.Limits.Name);
        c.Property(x => x.ReplacesLocation).HasMaxLength(100);
        c.Property(x => x.OpenedBy).HasMaxLength(LetheDbContext.Limits.Email);
        c.HasIndex(x => new { x.TenantId, x.OpenedAt });
        c.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How <see cref="SubProcessorNotice"/> is stored.</summary>
internal sealed class SubProcessorNoticeConfiguration : IEntityTypeConfiguration<SubProcessorNotice>
{
    public void Configure(EntityTypeBuilder<SubProcessorNotice> n)
    {
        n.ToTable("sub_processor_notices");
        n.HasKey(x => x.Id);
        n.Property(x => x.ProcessorKey).HasMaxLength(100);
        n.Property(x => x.Name).HasMaxLength(LetheDbContext.Limits.Name);
        n.Property(x => x.Location).HasMaxLength(100);
        n.Property(x => x.Replaces).HasMaxLength(LetheDbContext.Limits.Name);
        n.Property(x => x.ReplacesLocation).HasMaxLength(100);
        n.Property(x => x.ObjectedBy).HasMaxLength(LetheDbContext.Limits.Email);
        n.Property(x => x.Objection).HasMaxLength(SubProcessorNotices.ObjectionLimit);
        n.HasIndex(x => new { x.ChangeId, x.TenantId }).IsUnique();
        n.HasIndex(x => new { x.TenantId, x.OpenedAt });
        n.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        n.HasOne<SubProcessorChange>().WithMany().HasForeignKey(x => x.ChangeId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How <see cref="ControllerBreachNotice"/> is stored.</summary>
internal sealed class ControllerBreachNoticeConfiguration : IEntityTypeConfiguration<ControllerBreachNotice>
{
    public void Configure(EntityTypeBuilder<ControllerBreachNotice> n)
    {
        n.ToTable("controller_breach_notices");
        n.HasKey(x => x.Id);
        n.Property(x => x.Language).HasMaxLength(8);
        n.Property(x => x.SentBy).HasMaxLength(LetheDbContext.Limits.Email);
        n.HasIndex(x => new { x.BreachId, x.TenantId }).IsUnique();
        n.HasIndex(x => new { x.TenantId, x.SentAt });
        n.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        n.HasOne<Breach>().WithMany().HasForeignKey(x => x.BreachId).OnDelete(DeleteBehavior.Cascade);
    }
}
