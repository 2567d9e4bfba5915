using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Requests;

/// <summary>How <see cref="Restriction"/> is stored.</summary>
internal sealed class RestrictionConfiguration : IEntityTypeConfiguration<Restriction>
{
    public void Configure(EntityTypeBuilder<Restriction> r)
    {
        r.ToTable("restrictions");
        r.HasKey(x => x.Id);
        r.HasIndex(x => x.TenantId);
        r.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
