using Lethe.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Tenancy;

/// <summary>How <see cref="RoleAssignment"/> is stored.</summary>
internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> a)
    {
        a.ToTable("role_assignments");
        a.HasKey(x => x.Id);
        a.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
        a.HasOne<LetheUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        a.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        a.HasOne<Reseller>().WithMany().HasForeignKey(x => x.ResellerId).OnDelete(DeleteBehavior.Cascade);
        a.HasIndex(x => new { x.UserId, x.Role, x.TenantId, x.ResellerId }).IsUnique();
    }
}
