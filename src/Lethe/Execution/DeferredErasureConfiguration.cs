using Lethe.Requests;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Execution;

/// <summary>How <see cref="DeferredErasure"/> is stored.</summary>
internal sealed class DeferredErasureConfiguration : IEntityTypeConfiguration<DeferredErasure>
{
    public void Configure(EntityTypeBuilder<DeferredErasure> d)
    {
        d.ToTable("deferred_erasures");
        d.HasKey(x => x.Id);
        d.Property(x => x.Datastore).HasMaxLength(200);
        d.Property(x => x.Rule).HasMaxLength(100);
        d.Property(x => x.LegalReference).HasMaxLength(LetheDbContext.Limits.Name);
        d.HasIndex(x => new { x.CompletedAt, x.Due });
        d.HasIndex(x => x.RequestId);
        d.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
