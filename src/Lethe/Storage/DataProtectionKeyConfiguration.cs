using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Storage;

/// <summary>How <see cref="DataProtectionKey"/> is stored.</summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> k)
    {
        k.ToTable("data_protection_keys");
        k.HasKey(x => x.Id);
        k.Property(x => x.FriendlyName).HasMaxLength(200);
    }
}
