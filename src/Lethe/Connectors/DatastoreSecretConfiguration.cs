using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Connectors;

/// <summary>How <see cref="DatastoreSecret"/> is stored.</summary>
internal sealed class DatastoreSecretConfiguration : IEntityTypeConfiguration<DatastoreSecret>
{
    public void Configure(EntityTypeBuilder<DatastoreSecret> s)
    {
        s.ToTable("datastore_secrets");
        s.HasKey(x => new { x.TenantId, x.Name });
        s.Property(x => x.Name).HasMaxLength(100);
        s.Property(x => x.UpdatedBy).HasMaxLength(LetheDbContext.Limits.Email);
        s.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
