using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Accounts;

/// <summary>How <see cref="SignInLock"/> is stored.</summary>
internal sealed class SignInLockConfiguration : IEntityTypeConfiguration<SignInLock>
{
    public void Configure(EntityTypeBuilder<SignInLock> l)
    {
        l.ToTable("sign_in_locks");
        l.HasKey(x => new { x.UserId, x.Client });
        l.Property(x => x.Client).HasMaxLength(64);
        l.Property(x => x.UnlockTokenHash).HasMaxLength(64);
        l.HasIndex(x => x.UnlockTokenHash).IsUnique();
        l.HasIndex(x => x.LastFailureAt);
        l.HasOne<LetheUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
