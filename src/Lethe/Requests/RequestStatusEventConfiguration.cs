using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Requests;

/// <summary>How <see cref="RequestStatusEvent"/> is stored.</summary>
internal sealed class RequestStatusEventConfiguration : IEntityTypeConfiguration<RequestStatusEvent>
{
    public void Configure(EntityTypeBuilder<RequestStatusEvent> e)
    {
        e.ToTable("request_status_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Status).HasMaxLength(24);
        e.Property(x => x.Outcome).HasMaxLength(16);
        e.Property(x => x.LastError).HasMaxLength(200);
        e.HasIndex(x => new { x.Outcome, x.NextAttemptAt });
        e.HasIndex(x => x.RequestId);
        e.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
