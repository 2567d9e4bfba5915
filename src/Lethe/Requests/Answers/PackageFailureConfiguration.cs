using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Requests.Answers;

/// <summary>How <see cref="PackageFailure"/> is stored.</summary>
internal sealed class PackageFailureConfiguration : IEntityTypeConfiguration<PackageFailure>
{
    public void Configure(EntityTypeBuilder<PackageFailure> f)
    {
        f.ToTable("answer_package_failures");
        f.HasKey(x => x.RequestId);
        f.Property(x => x.LastError).HasMaxLength(1000);
        f.HasIndex(x => x.TenantId);
        f.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
