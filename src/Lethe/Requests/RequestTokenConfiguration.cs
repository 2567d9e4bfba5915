using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Requests;

/// <summary>How <see cref="RequestToken"/> is stored.</summary>
internal sealed class RequestTokenConfiguration : IEntityTypeConfiguration<RequestToken>
{
    public void Configure(EntityTypeBuilder<RequestToken> t)
    {
        t.ToTable("request_tokens");
        t.HasKey(x => x.Id);
        t.Property(x => x.Purpose).HasMaxLength(16);
        t.Property(x => x.Hash).HasMaxLength(64);
        t.HasIndex(x => x.Hash).IsUnique();
        t.HasIndex(x => x.RequestId);
        t.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
