using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.DataMap;

/// <summary>How <see cref="DataMapRevision"/> is stored.</summary>
internal sealed class DataMapRevisionConfiguration : IEntityTypeConfiguration<DataMapRevision>
{
    public void Configure(EntityTypeBuilder<DataMapRevision> r)
    {
        r.ToTable("data_map_revisions");
        r.HasKey(x => x.Id);
        r.HasIndex(x => new { x.TenantId, x.Revision }).IsUnique();
        r.Property(x => x.Sha256).HasMaxLength(64);
        r.Property(x => x.CreatedBy).HasMaxLength(LetheDbContext.Limits.Email);
        r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
