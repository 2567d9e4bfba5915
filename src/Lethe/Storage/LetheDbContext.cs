using System.Linq.Expressions;
using Lethe.Accounts;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Notices;
using Lethe.Consent;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Retention;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
    private readonly HashSet<DataRequest> unmoved = [];

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
        unmoved.Clear();
    }

    /// <summary>
    /// Refuses the next save whole, as a status move made from a stale status is refused, if <paramref name="request"/>'s
    /// status in the database is no longer the one this unit of work read: for a change that leaves the status alone but
    /// holds only while the request stays where it was (identities checked before approval, a correction confirmed
    /// before it is carried out).
    /// </summary>
    public void ExpectUnmoved(DataRequest request) => unmoved.Add(request);

    /// <summary>
    /// The provider and its settings, the same for the running server and for `dotnet ef`. Without
    /// <paramref name="compiledModel"/> the model is built from OnModelCreating: what `dotnet ef` needs, and what the
    /// compiled models are checked against.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, bool compiledModel = true)
    {
        _ = provider switch
        {
            // SQLite waits for another writer itself instead of the driver's 150 ms retries (SqliteBusyWait).
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString).AddInterceptors(SqliteBusyWait.Instance),
            DatabaseProvider.Postgres => options.UseNpgsql(PostgresDefaults.Apply(connectionString)),
            _ => throw new InvalidOperationException($"Unknown provider {provider}."),
        };
        // EF Core's check for model changes no migration holds is made by the tests, not at every migration: the model
        // snapshot records SQLite's store types (uuid here is TEXT there), so on PostgreSQL every column would look
        // changed, and on SQLite the check builds two more models of ~70 entity types, most of a new database's start.
        // MigrationTests asks for pending changes on SQLite and proves the migrations give exactly the model on both.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
#if !NO_COMPILED_MODELS
        if (compiledModel)
        {
            // Built ahead of time by scripts/compile-model.sh, so no start of Lethe spends its first second building the
            // model; the tenant filters are added as it loads (CompiledModels/TenantFilters.cs).
            options.UseModel(provider == DatabaseProvider.Sqlite
                ? CompiledModels.Sqlite.LetheDbContextModel.Instance
                : CompiledModels.Postgres.LetheDbContextModel.Instance);
        }
#endif
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

    public DbSet<Lethe.Scanning.ScanRun> ScanRuns => Set<Lethe.Scanning.ScanRun>();

    public DbSet<Lethe.Scanning.ScanTable> ScanTables => Set<Lethe.Scanning.ScanTable>();

    public DbSet<Lethe.Scanning.ScanFinding> ScanFindings => Set<Lethe.Scanning.ScanFinding>();
    public DbSet<Lethe.Breaches.Breach> Breaches => Set<Lethe.Breaches.Breach>();

    public DbSet<Lethe.Breaches.BreachNotification> BreachNotifications => Set<Lethe.Breaches.BreachNotification>();

    public DbSet<Lethe.Breaches.BreachCommunication> BreachCommunications => Set<Lethe.Breaches.BreachCommunication>();

    public DbSet<Lethe.Breaches.BreachReminder> BreachReminders => Set<Lethe.Breaches.BreachReminder>();
    public DbSet<Lethe.Processors.AgreementDocument> AgreementDocuments => Set<Lethe.Processors.AgreementDocument>();

    public DbSet<Lethe.Processors.SubProcessorChange> SubProcessorChanges => Set<Lethe.Processors.SubProcessorChange>();

    public DbSet<Lethe.Processors.SubProcessorNotice> SubProcessorNotices => Set<Lethe.Processors.SubProcessorNotice>();

    public DbSet<Lethe.Processors.ControllerBreachNotice> ControllerBreachNotices => Set<Lethe.Processors.ControllerBreachNotice>();
    public DbSet<Lethe.Reviews.Review> Reviews => Set<Lethe.Reviews.Review>();

    public DbSet<Lethe.Reviews.ReviewItem> ReviewItems => Set<Lethe.Reviews.ReviewItem>();

    public DbSet<Lethe.RiskAssessments.RiskAssessment> RiskAssessments => Set<Lethe.RiskAssessments.RiskAssessment>();

    public DbSet<Lethe.Calendar.DutyAssignment> DutyAssignments => Set<Lethe.Calendar.DutyAssignment>();

    /// <summary>Read by the tenant query filters; EF Core evaluates it per query, not once per model.</summary>
    private Guid? CurrentTenantId => tenantScope.TenantId;

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Saves, recording a <see cref="RequestStatusEvent"/> for every request whose status is set in this unit of work.</summary>
    /// <remarks>
    /// A request whose status is moved here must still have, in the database, the status the move was decided from:
    /// otherwise the save is refused whole (<see cref="DbUpdateConcurrencyException"/>, answered 409), so an approval
    /// and a rejection made at the same moment never both hold and no request is approved twice (its steps planned
    /// twice). Request saves go through the audit log's lock, so nothing moves a request between this check and the
    /// save. Edits that leave the status alone (an assignee, a deadline) are not checked: EF Core writes only the
    /// columns a unit of work changed, so they cannot undo someone else's move.
    /// </remarks>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            if (StatusMoves() is { Count: > 0 } moves)
            {
                RefuseStale(moves, await StatusesOf(moves).ToDictionaryAsync(r => r.Id, cancellationToken));
            }

            RecordStatusEvents();
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            unmoved.Clear();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        try
        {
            if (StatusMoves() is { Count: > 0 } moves)
            {
                RefuseStale(moves, StatusesOf(moves).ToDictionary(r => r.Id));
            }

            RecordStatusEvents();
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            unmoved.Clear();
        }
    }

    /// <summary>The tracked requests whose status this save moves, and those expected to be where they were read (<see cref="ExpectUnmoved"/>).</summary>
    private List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<DataRequest>> StatusMoves() =>
        ChangeTracker.Entries<DataRequest>().Where(e => MovesStatus(e) || (unmoved.Contains(e.Entity) && e.State is EntityState.Modified or EntityState.Unchanged)).ToList();

    /// <summary>Whether this save sets a tracked request's status to another one than it was read with.</summary>
    private static bool MovesStatus(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<DataRequest> e) =>
        e.State == EntityState.Modified && e.Property(r => r.Status).IsModified && !Equals(e.Property(r => r.Status).OriginalValue, e.Entity.Status);

    /// <summary>The requests' statuses in the database now, whatever tenant this unit of work is in.</summary>
    private IQueryable<RequestStatusNow> StatusesOf(List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<DataRequest>> moves)
    {
        var ids = moves.Select(m => m.Entity.Id).ToList();
        return Requests.IgnoreQueryFilters().AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new RequestStatusNow(r.Id, r.Status, r.ExtendedAt));
    }

    private sealed record RequestStatusNow(Guid Id, RequestStatus Status, DateTime? ExtendedAt);

    /// <remarks>
    /// An extension is checked as a move is: Art. 12(3) allows one, so a second made from the same read (a form sent
    /// twice) is refused, not sent to the person as a second letter.
    /// </remarks>
    private static void RefuseStale(List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<DataRequest>> moves, Dictionary<Guid, RequestStatusNow> now)
    {
        if (moves.Any(m => !now.TryGetValue(m.Entity.Id, out var current) || current.Status != m.Property(r => r.Status).OriginalValue
            || (m.Property(r => r.ExtendedAt).IsModified && current.ExtendedAt != m.Property(r => r.ExtendedAt).OriginalValue)))
        {
            throw new DbUpdateConcurrencyException("A request was moved by someone else since it was read; nothing was saved.");
        }
    }

    private void RecordStatusEvents()
    {
        var changed = ChangeTracker.Entries<DataRequest>()
            .Where(e => e.State == EntityState.Added || MovesStatus(e)).Select(e => e.Entity).ToList();
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
        configurationBuilder.Properties<StepStatus>().HaveConversion<WireNameConverter<StepStatus>>();
        configurationBuilder.Properties<Lethe.Messages.MessageStatus>().HaveConversion<WireNameConverter<Lethe.Messages.MessageStatus>>();
        configurationBuilder.Properties<DatastoreKind>().HaveConversion<DatastoreKindConverter>();
        configurationBuilder.Properties<Lethe.Breaches.BreachStatus>().HaveConversion<WireNameConverter<Lethe.Breaches.BreachStatus>>();
        configurationBuilder.Properties<Lethe.Breaches.BreachRisk>().HaveConversion<WireNameConverter<Lethe.Breaches.BreachRisk>>();
        configurationBuilder.Properties<Lethe.Breaches.BreachCommunicationKind>().HaveConversion<WireNameConverter<Lethe.Breaches.BreachCommunicationKind>>();
        configurationBuilder.Properties<Lethe.Reviews.ReviewStatus>().HaveConversion<WireNameConverter<Lethe.Reviews.ReviewStatus>>();
        configurationBuilder.Properties<Lethe.Reviews.ReviewItemKind>().HaveConversion<WireNameConverter<Lethe.Reviews.ReviewItemKind>>();
        configurationBuilder.Properties<Lethe.Reviews.ItemDecision>().HaveConversion<WireNameConverter<Lethe.Reviews.ItemDecision>>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each feature keeps its tables' configuration beside it (…Configuration.cs).
        builder.ApplyConfigurationsFromAssembly(typeof(LetheDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes().ToList())
        {
            if (QueryFilterFor(entity.ClrType) is { } filter)
            {
                builder.Entity(entity.ClrType).HasQueryFilter(filter);
            }
        }
    }

    /// <summary>
    /// The query filter that keeps a unit of work to its tenant's rows of one table, or null for a table that has none.
    /// The one place the filters are decided: OnModelCreating applies them, and so does a compiled model when it loads
    /// (Storage/CompiledModels/TenantFilters.cs), as EF Core cannot write filters into one.
    /// </summary>
    /// <remarks>
    /// The filter reads <see cref="CurrentTenantId"/> off a context-typed node; EF Core puts the context each query runs on
    /// in place of any node of the context's type, so the value here is never read.
    /// </remarks>
    internal static LambdaExpression? QueryFilterFor(Type entityType)
    {
        var row = Expression.Parameter(entityType, "x");
        var current = Expression.Property(Expression.Constant(null, typeof(LetheDbContext)), nameof(CurrentTenantId));
        if (typeof(ITenantOwned).IsAssignableFrom(entityType) || entityType == typeof(AuditEntry))
        {
            // x => x.TenantId == CurrentTenantId. The audit log's platform entries (no tenant) are what a unit of work
            // without a tenant sees.
            var owner = Expression.Convert(Expression.Property(row, nameof(ITenantOwned.TenantId)), typeof(Guid?));
            return Expression.Lambda(Expression.Equal(owner, current), row);
        }

        if (entityType == typeof(Lethe.Messages.OutboxMessage))
        {
            // Lethe's own mail (no tenant) is in no one's view, with or without a tenant.
            var owner = Expression.Property(row, nameof(Lethe.Messages.OutboxMessage.TenantId));
            return Expression.Lambda(
                Expression.AndAlso(Expression.NotEqual(owner, Expression.Constant(null, typeof(Guid?))), Expression.Equal(owner, current)), row);
        }

        return null;
    }

    /// <summary>Column sizes shared by the model and validation.</summary>
    public static class Limits
    {
        public const int Slug = 40;
        public const int Name = 200;
        public const int Address = 400;
        public const int Email = 256;
    }

    internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
