using Lethe.Accounts;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Notices;
using Lethe.Consent;
using Lethe.Requests;
using Lethe.Retention;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lethe.Storage;

/// <summary>
/// Lethe's own database: tenants, people, keys, the audit log. One model for SQLite and PostgreSQL.
/// Instances are pooled (<see cref="LetheCoreServices"/>): a unit of work rents one and gives it its own
/// <see cref="TenantScope"/> and clock, so nothing of one request's tenant outlives the request.
/// </summary>
public sealed class LetheDbContext(DbContextOptions<LetheDbContext> options)
    : IdentityUserContext<LetheUser>(options)
{
    // Bound on every rent and unbound when the context goes back to the pool: a context taken from the pool any other
    // way (IDbContextFactory) sees no tenant's rows rather than those of the request that used it last.
    private TenantScope tenantScope = new();
    private TimeProvider time = TimeProvider.System;

    /// <summary>Binds a rented context to the unit of work that uses it.</summary>
    internal LetheDbContext Rent(TenantScope scope, TimeProvider clock)
    {
        tenantScope = scope;
        time = clock;
        return this;
    }

    public override void Dispose()
    {
        Unbind();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Unbind();
        return base.DisposeAsync();
    }

    private void Unbind()
    {
        tenantScope = new TenantScope();
        time = TimeProvider.System;
    }

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Reseller> Resellers => Set<Reseller>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<SignInLock> SignInLocks => Set<SignInLock>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<DataMapRevision> DataMapRevisions => Set<DataMapRevision>();

    public DbSet<NoticeVersion> NoticeVersions => Set<NoticeVersion>();

    public DbSet<DataRequest> Requests => Set<DataRequest>();

    public DbSet<RequestStep> RequestSteps => Set<RequestStep>();

    public DbSet<Restriction> Restrictions => Set<Restriction>();

    public DbSet<DeferredErasure> DeferredErasures => Set<DeferredErasure>();

    public DbSet<TenantSecret> TenantSecrets => Set<TenantSecret>();

    public DbSet<Lethe.Connectors.DatastoreSecret> DatastoreSecrets => Set<Lethe.Connectors.DatastoreSecret>();

    public DbSet<RetentionHold> RetentionHolds => Set<RetentionHold>();

    public DbSet<RetentionRun> RetentionRuns => Set<RetentionRun>();

    public DbSet<RetentionProgress> RetentionProgress => Set<RetentionProgress>();

    public DbSet<SuppressionEntry> SuppressionEntries => Set<SuppressionEntry>();

    public DbSet<ConsentEvent> ConsentEvents => Set<ConsentEvent>();

    public DbSet<RequestToken> RequestTokens => Set<RequestToken>();

    public DbSet<RequestStatusEvent> RequestStatusEvents => Set<RequestStatusEvent>();

    public DbSet<StoredAnswer> StoredAnswers => Set<StoredAnswer>();

    public DbSet<PackageFailure> PackageFailures => Set<PackageFailure>();

    public DbSet<Lethe.Messages.OutboxMessage> OutboxMessages => Set<Lethe.Messages.OutboxMessage>();

    /// <summary>Read by the tenant query filters; EF Core evaluates it per query, not once per model.</summary>
    private Guid? CurrentTenantId => tenantScope.TenantId;

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Saves, recording a <see cref="RequestStatusEvent"/> for every request whose status is set in this unit of work.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RecordStatusEvents();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RecordStatusEvents();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void RecordStatusEvents()
    {
        var changed = ChangeTracker.Entries<DataRequest>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(r => r.Status).IsModified
                                                          && !Equals(e.Property(r => r.Status).OriginalValue, e.Entity.Status)))
            .Select(e => e.Entity).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var request in changed)
        {
            RequestStatusEvents.Add(new RequestStatusEvent { TenantId = request.TenantId, RequestId = request.Id, Status = request.Status, OccurredAt = now });
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back as Unspecified; everything Lethe stores is UTC, so say so on the way in and out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        // Kinds and states are enums in code and the same words in the database as when they were strings.
        configurationBuilder.Properties<RequestStatus>().HaveConversion<WireNameConverter<RequestStatus>>();
        configurationBuilder.Properties<RequestType>().HaveConversion<WireNameConverter<RequestType>>();
        configurationBuilder.Properties<RequestChannel>().HaveConversion<WireNameConverter<RequestChannel>>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Tenant>(t =>
        {
            t.ToTable("tenants");
            t.HasKey(x => x.Id);
            t.Property(x => x.Slug).HasMaxLength(Limits.Slug);
            t.HasIndex(x => x.Slug).IsUnique();
            t.Property(x => x.Name).HasMaxLength(Limits.Name);
            t.Property(x => x.Country).HasConversion<string>().HasMaxLength(8);
            t.Property(x => x.RegistrationNumber).HasMaxLength(40);
            t.Property(x => x.Address).HasMaxLength(Limits.Address);
            t.Property(x => x.ContactEmail).HasMaxLength(Limits.Email);
            t.Property(x => x.SupervisoryAuthority).HasMaxLength(Limits.Name);
            // Tenants made before processor routing are the company's own: the company approves.
            t.Property(x => x.ControllerApproves).HasDefaultValue(false);
            t.Property(x => x.StatusWebhookUrl).HasMaxLength(1000);
            t.HasOne<Reseller>().WithMany().HasForeignKey(x => x.ResellerId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Reseller>(r =>
        {
            r.ToTable("resellers");
            r.HasKey(x => x.Id);
            r.Property(x => x.Name).HasMaxLength(Limits.Name);
            r.Property(x => x.ContactEmail).HasMaxLength(Limits.Email);
        });

        builder.Entity<RoleAssignment>(a =>
        {
            a.ToTable("role_assignments");
            a.HasKey(x => x.Id);
            a.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
            a.HasOne<LetheUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<Reseller>().WithMany().HasForeignKey(x => x.ResellerId).OnDelete(DeleteBehavior.Cascade);
            a.HasIndex(x => new { x.UserId, x.Role, x.TenantId, x.ResellerId }).IsUnique();
        });

        builder.Entity<ApiKey>(k =>
        {
            k.ToTable("api_keys");
            k.HasKey(x => x.Id);
            k.Property(x => x.Name).HasMaxLength(Limits.Name);
            k.Property(x => x.Scopes).HasMaxLength(400);
            k.Property(x => x.SecretHash).HasMaxLength(64);
            k.HasIndex(x => x.SecretHash).IsUnique();
            k.Property(x => x.Hint).HasMaxLength(8);
            k.Property(x => x.CreatedBy).HasMaxLength(Limits.Email);
            k.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            k.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<SignInLock>(l =>
        {
            l.ToTable("sign_in_locks");
            l.HasKey(x => new { x.UserId, x.Client });
            l.Property(x => x.Client).HasMaxLength(64);
            l.Property(x => x.UnlockTokenHash).HasMaxLength(64);
            l.HasIndex(x => x.UnlockTokenHash).IsUnique();
            l.HasIndex(x => x.LastFailureAt);
            l.HasOne<LetheUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.Property(x => x.ActorKind).HasMaxLength(16);
            e.Property(x => x.ActorId).HasMaxLength(64);
            e.Property(x => x.ActorName).HasMaxLength(Limits.Email);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.Target).HasMaxLength(200);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => new { x.TenantId, x.Sequence });
            e.HasIndex(x => x.OccurredAt);
            // No foreign key to tenants: the log outlives what it describes.
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<AuditHead>(h =>
        {
            h.ToTable("audit_head");
            h.HasKey(x => x.Id);
            h.Property(x => x.Id).ValueGeneratedNever();
            h.Property(x => x.Hash).HasMaxLength(64);
        });

        builder.Entity<DataMapRevision>(r =>
        {
            r.ToTable("data_map_revisions");
            r.HasKey(x => x.Id);
            r.HasIndex(x => new { x.TenantId, x.Revision }).IsUnique();
            r.Property(x => x.Sha256).HasMaxLength(64);
            r.Property(x => x.CreatedBy).HasMaxLength(Limits.Email);
            r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            r.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<NoticeVersion>(v =>
        {
            v.ToTable("notice_versions");
            v.HasKey(x => x.Id);
            v.HasIndex(x => new { x.TenantId, x.Number }).IsUnique();
            v.Property(x => x.PublishedBy).HasMaxLength(Limits.Email);
            v.Property(x => x.KeepsConsent).HasDefaultValue(false);
            v.Property(x => x.ConsentTexts).HasMaxLength(64);
            v.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            v.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<DataRequest>(r =>
        {
            r.ToTable("requests");
            r.HasKey(x => x.Id);
            r.Property(x => x.Type).HasMaxLength(32);
            r.Property(x => x.CreatedBy).HasMaxLength(Limits.Email);
            r.Property(x => x.ExtensionReason).HasMaxLength(2000);
            // Requests registered before the lifecycle was kept were already being carried out.
            r.Property(x => x.Status).HasMaxLength(24).HasDefaultValue(RequestStatus.InProgress);
            r.Property(x => x.Channel).HasMaxLength(24).HasDefaultValue(RequestChannel.Api);
            r.Property(x => x.Language).HasMaxLength(8).HasDefaultValue("en");
            r.Property(x => x.Message).HasMaxLength(RequestInput.MaxTextLength);
            r.Property(x => x.Assignee).HasMaxLength(Limits.Email);
            r.Property(x => x.VerificationEvidence).HasMaxLength(RequestInput.MaxTextLength);
            r.Property(x => x.VerifiedBy).HasMaxLength(Limits.Email);
            r.Property(x => x.ApprovedBy).HasMaxLength(Limits.Email);
            r.Property(x => x.RejectionReason).HasMaxLength(RequestInput.MaxTextLength);
            r.Property(x => x.ReminderStage).HasDefaultValue(0);
            r.HasIndex(x => new { x.TenantId, x.CreatedAt });
            r.HasIndex(x => new { x.TenantId, x.Status });
            r.HasIndex(x => x.GroupId);
            r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            r.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<RequestStep>(s =>
        {
            s.ToTable("request_steps");
            s.HasKey(x => x.Id);
            s.Property(x => x.Datastore).HasMaxLength(200);
            s.Property(x => x.Connector).HasMaxLength(16);
            s.Property(x => x.Status).HasMaxLength(16);
            s.Property(x => x.CallbackTokenHash).HasMaxLength(64);
            s.Property(x => x.Assignee).HasMaxLength(Limits.Name);
            s.Property(x => x.CompletedBy).HasMaxLength(Limits.Email);
            s.HasIndex(x => x.RequestId);
            s.HasIndex(x => new { x.Status, x.NextAttemptAt });
            s.HasIndex(x => x.CallbackTokenHash).IsUnique();
            s.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            s.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<Restriction>(r =>
        {
            r.ToTable("restrictions");
            r.HasKey(x => x.Id);
            r.HasIndex(x => x.TenantId);
            r.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            r.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<DeferredErasure>(d =>
        {
            d.ToTable("deferred_erasures");
            d.HasKey(x => x.Id);
            d.Property(x => x.Datastore).HasMaxLength(200);
            d.Property(x => x.Rule).HasMaxLength(100);
            d.Property(x => x.LegalReference).HasMaxLength(Limits.Name);
            d.HasIndex(x => new { x.CompletedAt, x.Due });
            d.HasIndex(x => x.RequestId);
            d.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
            d.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<TenantSecret>(t =>
        {
            t.ToTable("tenant_secrets");
            t.HasKey(x => x.TenantId);
            t.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            t.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<Lethe.Connectors.DatastoreSecret>(s =>
        {
            s.ToTable("datastore_secrets");
            s.HasKey(x => new { x.TenantId, x.Name });
            s.Property(x => x.Name).HasMaxLength(100);
            s.Property(x => x.UpdatedBy).HasMaxLength(Limits.Email);
            s.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            s.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<RetentionHold>(h =>
        {
            h.ToTable("retention_holds");
            h.HasKey(x => x.Id);
            h.Property(x => x.Scope).HasMaxLength(16);
            h.Property(x => x.Collection).HasMaxLength(200);
            h.Property(x => x.Reason).HasMaxLength(1000);
            h.Property(x => x.CreatedBy).HasMaxLength(Limits.Email);
            h.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            h.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<RetentionRun>(r =>
        {
            r.ToTable("retention_runs");
            r.HasKey(x => x.Id);
            r.Property(x => x.StartedBy).HasMaxLength(Limits.Email);
            r.HasIndex(x => new { x.TenantId, x.StartedAt });
            r.HasIndex(x => x.OpenFor).IsUnique();
            r.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            r.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<RetentionProgress>(p =>
        {
            p.ToTable("retention_progress");
            p.HasKey(x => x.Id);
            p.Property(x => x.Rule).HasMaxLength(100);
            p.Property(x => x.Collection).HasMaxLength(200);
            p.Property(x => x.Action).HasMaxLength(16);
            p.Property(x => x.LastKey).HasMaxLength(400);
            p.HasIndex(x => new { x.RunId, x.Rule }).IsUnique();
            p.HasOne<RetentionRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            p.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<SuppressionEntry>(e =>
        {
            e.ToTable("suppression_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(8);
            e.Property(x => x.Reason).HasMaxLength(16);
            e.HasIndex(x => new { x.TenantId, x.Hash }).IsUnique();
            // No foreign key to the request: the entry outlives the request's personal data by design.
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<RequestToken>(t =>
        {
            t.ToTable("request_tokens");
            t.HasKey(x => x.Id);
            t.Property(x => x.Purpose).HasMaxLength(16);
            t.Property(x => x.Hash).HasMaxLength(64);
            t.HasIndex(x => x.Hash).IsUnique();
            t.HasIndex(x => x.RequestId);
            t.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            t.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<RequestStatusEvent>(e =>
        {
            e.ToTable("request_status_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasMaxLength(24);
            e.Property(x => x.Outcome).HasMaxLength(16);
            e.Property(x => x.LastError).HasMaxLength(200);
            e.HasIndex(x => new { x.Outcome, x.NextAttemptAt });
            e.HasIndex(x => x.RequestId);
            e.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<StoredAnswer>(a =>
        {
            a.ToTable("stored_answers");
            a.HasKey(x => x.Id);
            a.Property(x => x.Path).HasMaxLength(400);
            a.HasIndex(x => x.RequestId).IsUnique();
            a.HasIndex(x => new { x.DeletedAt, x.ExpiresAt });
            a.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
            a.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<PackageFailure>(f =>
        {
            f.ToTable("answer_package_failures");
            f.HasKey(x => x.RequestId);
            f.Property(x => x.LastError).HasMaxLength(1000);
            f.HasIndex(x => x.TenantId);
            f.HasOne<DataRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            f.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<Lethe.Messages.OutboxMessage>(m =>
        {
            m.ToTable("outbox_messages");
            m.HasKey(x => x.Id);
            m.Property(x => x.Template).HasMaxLength(32);
            m.Property(x => x.Language).HasMaxLength(8);
            m.Property(x => x.Subject).HasMaxLength(300);
            m.Property(x => x.Status).HasMaxLength(16);
            m.Property(x => x.LastError).HasMaxLength(200);
            m.HasIndex(x => new { x.Status, x.NextAttemptAt });
            m.HasIndex(x => x.RequestId);
            m.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            // Lethe's own messages (no tenant) are in no tenant's view, and not in the view of a context without one.
            m.HasQueryFilter(x => x.TenantId != null && x.TenantId == CurrentTenantId);
        });

        builder.Entity<ConsentEvent>(e =>
        {
            e.ToTable("consent_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Subject).HasMaxLength(80);
            e.Property(x => x.Action).HasMaxLength(16);
            e.Property(x => x.PurposesJson).HasMaxLength(2000);
            e.Property(x => x.Channel).HasMaxLength(24);
            e.Property(x => x.TextsHash).HasMaxLength(64);
            e.Property(x => x.Position).HasDefaultValue(0);
            // PostgreSQL reads a subject's state from the index alone (the rows are wide with their receipts).
            e.HasIndex(x => new { x.TenantId, x.Subject, x.OccurredAt })
                .IncludeProperties(x => new { x.Position, x.Action, x.PurposesJson, x.NoticeVersion, x.Id });
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        });

        builder.Entity<DataProtectionKey>(k =>
        {
            k.ToTable("data_protection_keys");
            k.HasKey(x => x.Id);
            k.Property(x => x.FriendlyName).HasMaxLength(200);
        });

        builder.Entity<LetheUser>(u =>
        {
            u.ToTable("users");
            u.Property(x => x.DisplayName).HasMaxLength(Limits.Name);
        });
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
    }

    /// <summary>Column sizes shared by the model and validation.</summary>
    public static class Limits
    {
        public const int Slug = 40;
        public const int Name = 200;
        public const int Address = 400;
        public const int Email = 256;
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
