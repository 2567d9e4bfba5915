using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Accounts;

/// <summary>Identity's claims table under Lethe's naming (Identity's own model configures the rest).</summary>
internal sealed class IdentityUserClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<string>> c) => c.ToTable("user_claims");
}

/// <summary>Identity's external logins table under Lethe's naming.</summary>
internal sealed class IdentityUserLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<string>> l) => l.ToTable("user_logins");
}

/// <summary>Identity's tokens table under Lethe's naming.</summary>
internal sealed class IdentityUserTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<string>> t) => t.ToTable("user_tokens");
}
