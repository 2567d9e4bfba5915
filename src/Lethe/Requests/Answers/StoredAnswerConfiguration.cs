using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Requests.Answers;

/// <summary>How <see cref="StoredAnswer"/> is stored.</summary>
internal sealed class StoredAnswerConfiguration : IEntityTypeConfiguration<StoredAnswer>
{
    public void Configure(EntityTypeBuilder<StoredAnswer> a)
    {
        a.ToTable("stored_answers");
        a.HasKey(x => x.Id);
        a.Property(x => x.Path).HasMaxLength(400);
        a.HasIndex(x => x.RequestId).IsUnique();
        a.HasIndex(x => new { x.DeletedAt, x.ExpiresAt });
        a.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
