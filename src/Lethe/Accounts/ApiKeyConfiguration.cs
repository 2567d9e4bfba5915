using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Accounts;

/// <summary>How <see cref="ApiKey"/> is stored.</summary>
internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> k)
    {
        k.ToTable("api_keys");
        k.HasKey(x => x.Id);
        k.Property(x => x.Name).HasMaxLength(LetheDbContext.Limits.Name);
        k.Property(x => x.Scopes).HasMaxLength(400);
        k.Property(x => x.SecretHash).HasMaxLength(64);
        k.HasIndex(x => x.SecretHash).IsUnique();
        k.Property(x => x.Hint).HasMaxLength(8);
        k.Property(x => x.CreatedBy).HasMaxLength(LetheDbContext.Limits.Email);
        k.Property(x => x.ShownOnce).HasMaxLength(1000);
        k.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
