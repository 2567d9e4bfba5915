using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Tenancy;

/// <summary>How <see cref="Tenant"/> is stored.</summary>
internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> t)
    {
        t.ToTable("tenants");
        t.HasKey(x => x.Id);
        t.Property(x => x.Slug).HasMaxLength(LetheDbContext.Limits.Slug);
        t.HasIndex(x => x.Slug).IsUnique();
        t.Property(x => x.Name).HasMaxLength(LetheDbContext.Limits.Name);
        t.Property(x => x.Country).HasConversion<string>().HasMaxLength(8);
        t.Property(x => x.RegistrationNumber).HasMaxLength(40);
        t.Property(x => x.Address).HasMaxLength(LetheDbContext.Limits.Address);
        t.Property(x => x.ContactEmail).HasMaxLength(LetheDbContext.Limits.Email);
        t.Property(x => x.SupervisoryAuthority).HasMaxLength(LetheDbContext.Limits.Name);
        // Tenants made before processor routing are the company's own: the company approves.
        t.Property(x => x.ControllerApproves).HasDefaultValue(false);
        t.Property(x => x.StatusWebhookUrl).HasMaxLength(1000);
        t.Property(x => x.LogoUrl).HasMaxLength(TenantInput.MaxLogoUrl);
        t.Property(x => x.AccentColour).HasMaxLength(7);
        t.HasOne<Reseller>().WithMany().HasForeignKey(x => x.ResellerId).OnDelete(DeleteBehavior.Restrict);
        // No foreign key: SQLite cannot add one to an existing table without rebuilding it, and tenants are never deleted.
        t.HasIndex(x => x.ServedBy);
        t.Property(x => x.CustomerKey).HasMaxLength(Tenant.MaxCustomerKey);
    }
}
