using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lethe.Tests.Work;

/// <summary>
/// Work a save makes due is announced once the save is committed: pulsed in this process and, on PostgreSQL, notified
/// on <c>lethe_work</c> to the other servers — never before the commit, never for a save that failed or was rolled
/// back, and not for a save that made nothing due.
/// </summary>
public sealed class WorkDueInterceptorTests
{
    private static readonly TimeSpan Heard = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(300);

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_mail_queued_in_a_transaction_is_announced_when_it_commits_and_not_before(DatabaseProvider provider)
    {
        await using var w = await Watched.CreateAsync(provider);
        await using var scope = w.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.OutboxMessages.Add(Mail(w.Tenant));

        await db.SaveChangesAsync();

        await w.ShouldBeSilentAsync("the worker would not see the row yet");
        await transaction.CommitAsync();
        await w.ShouldBeAnnouncedAsync();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_transaction_rolled_back_announces_nothing(DatabaseProvider provider)
    {
        await using var w = await Watched.CreateAsync(provider);
        await using var scope = w.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.OutboxMessages.Add(Mail(w.Tenant));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        // Nor does a transaction left without a commit, nor a later commit of another on the same context.
        await using (var abandoned = await db.Database.BeginTransactionAsync())
        {
            db.OutboxMessages.Add(Mail(w.Tenant));
            await db.SaveChangesAsync();
        }

        db.ChangeTracker.Clear();
        await using (var other = await db.Database.BeginTransactionAsync())
        {
            await other.CommitAsync();
        }

        await w.ShouldBeSilentAsync();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_save_that_fails_announces_nothing(DatabaseProvider provider)
    {
        await using var w = await Watched.CreateAsync(provider);
        var first = Mail(w.Tenant);
        await w.SaveAsync(db => db.OutboxMessages.Add(first));
        await w.ForgetAsync();

        // The same mail again and a second one: the key is taken, and EF Core's own transaction rolls both back.
        await Should.ThrowAsync<DbUpdateException>(() => w.SaveAsync(db =>
        {
            db.OutboxMessages.Add(Mail(w.Tenant, first.Id));
            db.OutboxMessages.Add(Mail(w.Tenant));
        }));

        await w.ShouldBeSilentAsync();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_save_of_one_statement_without_a_transaction_is_announced_after_it(DatabaseProvider provider)
    {
        await using var w = await Watched.CreateAsync(provider);

        await w.SaveAsync(db => db.OutboxMessages.Add(Mail(w.Tenant)));

        await w.ShouldBeAnnouncedAsync();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_change_saved_with_its_audit_entry_is_announced_once(DatabaseProvider provider)
    {
        await using var w = await Watched.CreateAsync(provider);
        await using var scope = w.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        db.OutboxMessages.Add(Mail(w.Tenant));

        await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(new AuditEvent(AuditActor.System, "test.queued", w.Tenant.Id, "thing:1"), default);

        await w.ShouldBeAnnouncedAsync();
        (await w.NotifiedAsync(Silence)).ShouldBeFalse("one notification for one commit");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Saves_that_make_nothing_due_now_announce_nothing(DatabaseProvider provider)
    {
        await using var w = await Watched.CreateAsync(provider);
        var request = new DataRequest { TenantId = w.Tenant.Id, Type = RequestType.Access, IdentitiesJson = "[]", CreatedAt = DateTime.UtcNow };
        var sent = Mail(w.Tenant);
        var retried = Mail(w.Tenant);
        await w.SaveAsync(db =>
        {
            db.Requests.Add(request);
            db.OutboxMessages.AddRange(sent, retried);
        });
        await w.ForgetAsync();
        var now = w.Db.Clock.GetUtcNow().UtcDateTime;

        await w.SaveAsync(db => db.Tenants.IgnoreQueryFilters().Single(t => t.Id == w.Tenant.Id).Name = "Renamed ApS");
        await w.SaveAsync(db => db.RequestSteps.Add(Step(request, s => s.Complete(now))));
        await w.SaveAsync(db => db.RequestSteps.Add(Step(request, s => s.Wait())));
        await w.SaveAsync(db => db.RequestSteps.Add(Step(request, s => s.Fail("down", now.AddMinutes(5)))));
        await w.SaveAsync(db => db.OutboxMessages.IgnoreQueryFilters().Single(m => m.Id == sent.Id).MarkSent(now));
        await w.SaveAsync(db => db.OutboxMessages.IgnoreQueryFilters().Single(m => m.Id == retried.Id).Fail("SmtpCommandException", now.AddMinutes(1)));

        await w.ShouldBeSilentAsync();

        await w.SaveAsync(db => db.RequestSteps.Add(Step(request, _ => { })));
        w.Pulses.ShouldBe(1, "a step to run now");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Work_made_due_again_is_announced(DatabaseProvider provider)
    {
        await using var w = await Watched.CreateAsync(provider);
        var request = new DataRequest { TenantId = w.Tenant.Id, Type = RequestType.Access, IdentitiesJson = "[]", CreatedAt = DateTime.UtcNow };
        var now = w.Db.Clock.GetUtcNow().UtcDateTime;
        var waiting = Step(request, s => s.Wait());
        var givenUp = Step(request, s => s.GiveUp("down"));
        var failed = Mail(w.Tenant);
        failed.GiveUp("SmtpCommandException");
        await w.SaveAsync(db =>
        {
            db.Requests.Add(request);
            db.RequestSteps.AddRange(waiting, givenUp);
            db.OutboxMessages.Add(failed);
        });
        await w.ForgetAsync();

        await w.SaveAsync(db => db.RequestSteps.IgnoreQueryFilters().Single(s => s.Id == waiting.Id).Resume(now));
        await w.SaveAsync(db => db.RequestSteps.IgnoreQueryFilters().Single(s => s.Id == givenUp.Id).Retry());
        await w.SaveAsync(db => db.OutboxMessages.IgnoreQueryFilters().Single(m => m.Id == failed.Id).Retry());

        w.Pulses.ShouldBe(3, "a step resumed, a step tried again, a mail queued again");
    }

    [Theory]
    [InlineData(WorkWake.Timer, 0, false)]
    [InlineData(WorkWake.Local, 1, false)]
    [InlineData(WorkWake.Notify, 1, true)]
    public async Task Lethe_Worker_Wake_says_who_is_told(WorkWake wake, int pulses, bool notified)
    {
        await using var w = await Watched.CreateAsync(DatabaseProvider.Postgres, new Dictionary<string, string?> { ["Lethe:Worker:Wake"] = wake.ToString() });

        await w.SaveAsync(db => db.OutboxMessages.Add(Mail(w.Tenant)));

        w.Pulses.ShouldBe(pulses);
        (await w.NotifiedAsync(notified ? Heard : Silence)).ShouldBe(notified);
    }

    private static OutboxMessage Mail(Tenant tenant, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(),
        TenantId = tenant.Id,
        Template = MessageTemplates.Received,
        Language = "en",
        Subject = "We received your request",
        ProtectedTo = "not read by these tests",
        ProtectedBody = "not read by these tests",
        CreatedAt = DateTime.UtcNow,
    };

    private static RequestStep Step(DataRequest request, Action<RequestStep> state)
    {
        var step = new RequestStep { TenantId = request.TenantId, RequestId = request.Id, Datastore = $"crm.{Guid.NewGuid():N}", Connector = DatastoreKind.Manual };
        state(step);
        return step;
    }

    /// <summary>A database with a tenant, the pulses counted from now, and on PostgreSQL a connection listening as another server's would.</summary>
    private sealed class Watched : IAsyncDisposable
    {
        private readonly NpgsqlConnection? listener;
        private readonly List<string> heard = [];
        private long before;

        private Watched(TestDatabase db, Tenant tenant, NpgsqlConnection? listener)
        {
            Db = db;
            Tenant = tenant;
            this.listener = listener;
            before = Signal.Pulses;
            if (listener is not null)
            {
                listener.Notification += (_, e) => heard.Add(e.Payload);
            }
        }

        public TestDatabase Db { get; }

        public Tenant Tenant { get; }

        private WorkSignal Signal => Db.Services.GetRequiredService<WorkSignal>();

        public long Pulses => Signal.Pulses - before;

        public static async Task<Watched> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? configuration = null)
        {
            var db = await TestDatabase.CreateAsync(provider, configuration: configuration);
            var tenant = await db.CreateTenantAsync();
            NpgsqlConnection? listener = null;
            if (provider == DatabaseProvider.Postgres)
            {
                listener = new NpgsqlConnection(db.Settings.ConnectionString);
                await listener.OpenAsync();
                await using var listen = new NpgsqlCommand($"LISTEN {WorkSignal.Channel}", listener);
                await listen.ExecuteNonQueryAsync();
            }

            return new Watched(db, tenant, listener);
        }

        public async Task SaveAsync(Action<LetheDbContext> change)
        {
            await using var scope = Db.Scope();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            change(db);
            await db.SaveChangesAsync();
        }

        /// <summary>Starts counting again: what the arrangement announced is not the test's.</summary>
        public async Task ForgetAsync()
        {
            while (await NotifiedAsync(Silence))
            {
            }

            before = Signal.Pulses;
        }

        /// <summary>Pulsed once, and on PostgreSQL notified once.</summary>
        public async Task ShouldBeAnnouncedAsync()
        {
            Pulses.ShouldBe(1);
            (await NotifiedAsync(Heard)).ShouldBe(Db.Provider == DatabaseProvider.Postgres);
        }

        /// <summary>Neither pulsed nor notified.</summary>
        public async Task ShouldBeSilentAsync(string? why = null)
        {
            Pulses.ShouldBe(0, why);
            (await NotifiedAsync(Silence)).ShouldBeFalse(why);
        }

        /// <summary>Whether the listening connection hears a notification within <paramref name="within"/>; always false on SQLite.</summary>
        public async Task<bool> NotifiedAsync(TimeSpan within)
        {
            if (listener is null)
            {
                return false;
            }

            var count = heard.Count;
            if (!await listener.WaitAsync(within))
            {
                return false;
            }

            heard.Count.ShouldBe(count + 1);
            heard[^1].ShouldBe(Signal.Origin, "the notification names the process that made the work due");
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            if (listener is not null)
            {
                await listener.DisposeAsync();
            }

            await Db.DisposeAsync();
        }
    }
}
