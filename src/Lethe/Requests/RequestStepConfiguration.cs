using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lethe.Requests;

/// <summary>How <see cref="RequestStep"/> is stored.</summary>
internal sealed class RequestStepConfiguration : IEntityTypeConfiguration<RequestStep>
{
    public void Configure(EntityTypeBuilder<RequestStep> s)
    {
        s.ToTable("request_steps");
        s.HasKey(x => x.Id);
        s.Property(x => x.Datastore).HasMaxLength(200);
        s.Property(x => x.Connector).HasMaxLength(16);
        s.Property(x => x.Status).HasMaxLength(16);
        s.Property(x => x.CallbackTokenHash).HasMaxLength(64);
        s.Property(x => x.Assignee).HasMaxLength(LetheDbContext.Limits.Name);
        s.Property(x => x.ForwardedTo).HasMaxLength(LetheDbContext.Limits.Name);
        s.Property(x => x.CompletedBy).HasMaxLength(LetheDbContext.Limits.Email);
        s.HasIndex(x => x.RequestId);
        s.HasIndex(x => new { x.Status, x.NextAttemptAt });
        s.HasIndex(x => x.CallbackTokenHash).IsUnique();
        s.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
