using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Tenancy;

/// <summary>How <see cref="TenantSecret"/> is stored.</summary>
internal sealed class TenantSecretConfiguration : IEntityTypeConfiguration<TenantSecret>
{
    public void Configure(EntityTypeBuilder<TenantSecret> t)
    {
        t.ToTable("tenant_secrets");
        t.HasKey(x => x.TenantId);
        t.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
