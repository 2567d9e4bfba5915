using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Accounts;

/// <summary>How <see cref="LetheUser"/> is stored.</summary>
internal sealed class LetheUserConfiguration : IEntityTypeConfiguration<LetheUser>
{
    public void Configure(EntityTypeBuilder<LetheUser> u)
    {
        u.ToTable("users");
        u.Property(x => x.DisplayName).HasMaxLength(LetheDbContext.Limits.Name);
    }
}
