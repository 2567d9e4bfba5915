using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Tenancy;

/// <summary>How <see cref="Reseller"/> is stored.</summary>
internal sealed class ResellerConfiguration : IEntityTypeConfiguration<Reseller>
{
    public void Configure(EntityTypeBuilder<Reseller> r)
    {
        r.ToTable("resellers");
        r.HasKey(x => x.Id);
        r.Property(x => x.Name).HasMaxLength(LetheDbContext.Limits.Name);
        r.Property(x => x.ContactEmail).HasMaxLength(LetheDbContext.Limits.Email);
    }
}
