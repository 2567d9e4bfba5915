using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tests.Support;
using Lethe.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Work;

/// <summary>
/// Background work that fails ends in a state someone sees: counted attempts, a final "given up" state listed for the
/// console and monitors, and "try again" once the cause is fixed — never retried unseen for ever, never sent incomplete.
/// </summary>
public sealed class FailuresSeenTests
{
    private const string UnexpectedError = "unexpected error (JsonException); the server log has the details";

    /// <summary>The attempts before giving up when <c>Lethe:Worker:GiveUpAfterAttempts</c> is not set.</summary>
    private static readonly int GiveUpAfter = new WorkerOptions().GiveUpAfterAttempts;

    /// <summary>
    /// An access request on the PBX whose own record is unreadable, as a bug would leave it — not a datastore failing;
    /// the identities as they were, to put back when "fixed".
    /// </summary>
    private static async Task<(RequestFixture F, Guid RequestId, string Identities)> RequestThatThrowsAsync(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 5);
        var employee = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        var request = await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!));
        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var identities = await db.Requests.IgnoreQueryFilters().Where(r => r.Id == request.Request.Id).Select(r => r.IdentitiesJson).SingleAsync();
        await db.Requests.IgnoreQueryFilters().Where(r => r.Id == request.Request.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.IdentitiesJson, "{not json"));
        return (f, request.Request.Id, identities);
    }

    /// <summary>Runs the worker once, then once per backoff until the last attempt; the PBX step, given up on.</summary>
    private static async Task<RequestStep> GiveUpAsync(RequestFixture f, Guid requestId)
    {
        await f.RunWorkerAsync();
        for (var attempt = 2; attempt <= GiveUpAfter; attempt++)
        {
            f.Clock.Advance(Backoff.Longest);
            await f.RunWorkerAsync();
        }

        var step = await PbxStepAsync(f, requestId);
        step.Status.ShouldBe(StepStatus.GaveUp);
        return step;
    }

    private static async Task<RequestStep> PbxStepAsync(RequestFixture f, Guid requestId) =>
        (await f.FindAsync(requestId)).Steps.Single(s => s.Datastore == "pbx.db");

    private static async Task<List<string>> PbxStepActionsAsync(RequestFixture f, Guid requestId)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Target == $"request:{requestId}" && a.Details.Contains("pbx.db")).Select(a => a.Action).ToListAsync();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_step_that_throws_unexpectedly_is_counted_with_only_the_kind_of_error_and_waits_its_backoff(DatabaseProvider provider)
    {
        var (f, requestId, _) = await RequestThatThrowsAsync(provider);

        (await f.RunWorkerAsync()).ShouldBe(1, "the PBX step; the portal, which no identity given reaches, was done at approval");

        (await PbxStepAsync(f, requestId)).ShouldSatisfyAllConditions(
            s => s.Status.ShouldBe(StepStatus.Failed),
            s => s.Attempts.ShouldBe(1),
            s => s.LastError.ShouldBe(UnexpectedError),
            s => s.NextAttemptAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime + Backoff.First),
            s => s.LeasedUntil.ShouldBeNull());
        (await PbxStepActionsAsync(f, requestId)).ShouldBe([AuditActions.RequestStepFailed]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_step_that_keeps_throwing_is_given_up_on_after_the_last_attempt_and_then_left_alone(DatabaseProvider provider)
    {
        var (f, requestId, _) = await RequestThatThrowsAsync(provider);

        var givenUp = await GiveUpAsync(f, requestId);
        f.Clock.Advance(TimeSpan.FromDays(3));
        await f.RunWorkerAsync();

        givenUp.ShouldSatisfyAllConditions(
            s => s.Attempts.ShouldBe(GiveUpAfter),
            s => s.NextAttemptAt.ShouldBeNull(),
            s => s.LastError.ShouldBe(UnexpectedError));
        (await PbxStepAsync(f, requestId)).Attempts.ShouldBe(GiveUpAfter, "the worker no longer tries by itself");
        var actions = await PbxStepActionsAsync(f, requestId);
        actions.Count(a => a == AuditActions.RequestStepFailed).ShouldBe(GiveUpAfter - 1);
        actions.Count(a => a == AuditActions.RequestStepGaveUp).ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_step_given_up_on_is_listed_for_the_console_and_monitors(DatabaseProvider provider)
    {
        var (f, requestId, _) = await RequestThatThrowsAsync(provider);

        var givenUp = await GiveUpAsync(f, requestId);

        await using var scope = f.Db.Scope();
        var stalled = scope.ServiceProvider.GetRequiredService<StalledWork>();
        var listed = (await stalled.AllAsync(100, default)).Single(j => j.Id == givenUp.Id);
        listed.ShouldBe(new StalledJob(JobKind.RequestStep, givenUp.Id, f.Tenant.Id, requestId, "pbx.db", GiveUpAfter, UnexpectedError, null, GaveUp: true));
        (await stalled.ForTenantAsync(f.Tenant.Id, default)).ShouldContain(listed);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_step_given_up_on_runs_again_when_an_officer_retries_it_once_the_cause_is_fixed(DatabaseProvider provider)
    {
        var (f, requestId, identities) = await RequestThatThrowsAsync(provider);
        var givenUp = await GiveUpAsync(f, requestId);

        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            await db.Requests.IgnoreQueryFilters().Where(r => r.Id == requestId).ExecuteUpdateAsync(u => u.SetProperty(r => r.IdentitiesJson, identities));
            var retried = await scope.ServiceProvider.GetRequiredService<StalledWork>().RetryAsync(f.Tenant.Id, JobKind.RequestStep, givenUp.Id, AuditActor.System, default);
            retried.Succeeded.ShouldBeTrue();
        }

        await f.RunWorkerAsync();

        var done = await PbxStepAsync(f, requestId);
        done.Status.ShouldBe(StepStatus.Done, done.LastError);
        (await PbxStepActionsAsync(f, requestId)).ShouldContain(AuditActions.RequestStepRetried);
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<StalledWork>().AllAsync(100, default)).ShouldNotContain(j => j.Id == givenUp.Id);
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_access_answer_made_while_a_datastore_is_down_is_not_sent_the_person_is_told_it_is_delayed_and_it_is_sent_whole_when_the_datastore_is_back(DatabaseProvider provider)
    {
        using var newsletter = new WebhookReceiver(RequestFixture.NewsletterAnswers);
        var (f, email) = await RequestFixture.Flex4BusinessConnectedAsync(provider, newsletter);
        var id = await f.FileByEmailAsync(email);
        await f.ConfirmByMailAndApproveAsync(id, email);
        var token = await f.StatusTokenAsync(email);
        await f.RunWorkerAsync();
        await f.ConfirmForwardedAsync(id);
        var request = await f.FindAsync(id);
        request.Request.Status.ShouldBe(RequestStatus.Completed);
        var packages = f.Db.Services.GetRequiredService<PackageWorker>();

        // Billing goes down between the steps and the making of the answer.
        await f.Store.ExecuteAsync("ALTER TABLE customers RENAME TO customers_away");
        (await packages.RunDueAsync(default)).ShouldBe(0);
        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.StoredAnswers.IgnoreQueryFilters().CountAsync(a => a.RequestId == request.Request.Id)).ShouldBe(0);
            var failure = await db.PackageFailures.IgnoreQueryFilters().SingleAsync(p => p.RequestId == request.Request.Id);
            failure.Attempts.ShouldBe(1);
            failure.LastError.ShouldStartWith("billing.db could not be read (");
            failure.NextAttemptAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime + Backoff.First);
            (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Target == $"request:{request.Request.Id}" && a.Action == AuditActions.RequestAnswerRead)).ShouldBe(0);

            // The person's status page says the answer is delayed, and by when it comes.
            var status = await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().StatusAsync(f.Tenant, token, default);
            status!.Requests.Single().ShouldSatisfyAllConditions(
                r => r.Delayed.ShouldBeTrue(),
                r => r.PastDeadline.ShouldBeFalse(),
                r => r.Answer.ShouldBeNull(),
                r => r.Request.DueOn.ShouldNotBeNull());
        }

        (await Mailbox.DeliverAndReadAsync(f.Db, email)).ShouldNotContain(m => m.Subject == "Your request has been answered");
        (await packages.RunDueAsync(default)).ShouldBe(0, "not due again before its backoff");

        // Still failing the day after the deadline: the page no longer promises it (the page's words: StatusPageDelayTests),
        // and the package is still tried, though the request closed longer ago than a package is kept.
        var due = request.Request.DueOn!.Value;
        f.Clock.SetUtcNow(new DateTimeOffset(due.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        (await StatusAsync(f, token)).Requests.Single().PastDeadline.ShouldBeFalse("the last day itself is within the deadline");
        f.Clock.Advance(TimeSpan.FromDays(1));
        (await StatusAsync(f, token)).Requests.Single().ShouldSatisfyAllConditions(r => r.Delayed.ShouldBeTrue(), r => r.PastDeadline.ShouldBeTrue());

        await f.Store.ExecuteAsync("ALTER TABLE customers_away RENAME TO customers");
        f.Clock.Advance(Backoff.First);
        (await packages.RunDueAsync(default)).ShouldBe(1);
        (await Mailbox.DeliverAndReadAsync(f.Db, email)).Count(m => m.Subject == "Your request has been answered").ShouldBe(1);
        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.PackageFailures.IgnoreQueryFilters().CountAsync(p => p.RequestId == request.Request.Id)).ShouldBe(0);
            (await db.StoredAnswers.IgnoreQueryFilters().CountAsync(a => a.RequestId == request.Request.Id)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_message_the_outbox_gives_up_on_is_listed_and_sent_when_retried_and_a_message_that_cannot_be_opened_does_not_stop_the_others()
    {
        using var sink = new SmtpSink { Refusing = true };
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, clock);
        var tenant = await db.CreateTenantAsync();
        var options = Options.Create(new MailOptions { SmtpHost = "127.0.0.1", SmtpPort = sink.Port, SmtpStartTls = false, From = "privacy@flexfone.example", MaxAttempts = 2 });
        var worker = new OutboxWorker(db.Services.GetRequiredService<IServiceScopeFactory>(), new SmtpTransport(options.Value), options,
            db.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), clock, NullLogger<OutboxWorker>.Instance);
        Guid refused, broken;
        await using (var scope = db.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            var fields = new Dictionary<string, string>
            {
                ["org"] = "Flexfone A/S", ["type"] = "sletning", ["reason"] = "-", ["authority"] = "Datatilsynet",
                ["due"] = "", ["status_link"] = "https://lethe.test/p/x/status/T", ["expires"] = "",
            };
            outbox.Queue(tenant.Id, null, "ida@example.dk", MessageTemplates.Rejected, "da", fields);
            outbox.Queue(tenant.Id, null, "bo@example.dk", MessageTemplates.Rejected, "da", fields);
            var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            await context.SaveChangesAsync();
            var ids = await context.OutboxMessages.IgnoreQueryFilters().OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
            (broken, refused) = (ids[0], ids[1]);
            // A body the data protection keys no longer open: not the mail server's fault, and not a reason to stop the round.
            await context.OutboxMessages.IgnoreQueryFilters().Where(m => m.Id == broken).ExecuteUpdateAsync(u => u.SetProperty(m => m.ProtectedBody, "garbage"));
        }

        (await worker.RunDueAsync(default)).ShouldBe(2);
        clock.Advance(Backoff.First);
        (await worker.RunDueAsync(default)).ShouldBe(2);

        await using (var scope = db.Scope())
        {
            var messages = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().OutboxMessages.IgnoreQueryFilters().OrderBy(m => m.Id).ToListAsync();
            messages.Select(m => (m.Id, m.Status, m.Attempts, m.LastError)).ShouldBe([
                (broken, MessageStatus.Failed, 2, "CryptographicException"),
                (refused, MessageStatus.Failed, 2, "SmtpCommandException")]);
            var listed = await scope.ServiceProvider.GetRequiredService<StalledWork>().ForTenantAsync(tenant.Id, default);
            listed.Where(j => j.Kind == JobKind.Message).Select(j => (j.Id, j.What, j.GaveUp)).OrderBy(j => j.Id).ShouldBe([
                (broken, MessageTemplates.Rejected, true), (refused, MessageTemplates.Rejected, true)]);
            (await scope.ServiceProvider.GetRequiredService<StalledWork>().RetryAsync(tenant.Id, JobKind.Message, refused, AuditActor.System, default)).Succeeded.ShouldBeTrue();
        }

        clock.Advance(TimeSpan.FromDays(1));
        sink.Refusing = false;
        (await worker.RunDueAsync(default)).ShouldBe(1, "only the retried message; the one given up on waits for an officer");
        sink.Messages.Single().To.ShouldBe(["<bo@example.dk>"]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_lower_GiveUpAfterAttempts_gives_up_on_steps_deferred_erasures_and_answer_packages_after_that_many_attempts(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 5,
            configuration: new Dictionary<string, string?> { ["Lethe:Worker:GiveUpAfterAttempts"] = "3" });
        var employee = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        var request = await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!));
        Guid deferred;
        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            await db.Requests.IgnoreQueryFilters().Where(r => r.Id == request.Request.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.IdentitiesJson, "{not json"));
            // Rows held back from an erasure in a datastore the data map no longer has: each attempt fails.
            var erasure = new DeferredErasure
            {
                TenantId = f.Tenant.Id, RequestId = request.Request.Id, Datastore = "archive.db", Due = DateOnly.FromDateTime(f.Clock.GetUtcNow().UtcDateTime),
                RowsJson = "{}", Rule = "bookkeeping",
            };
            db.DeferredErasures.Add(erasure);
            await db.SaveChangesAsync();
            deferred = erasure.Id;
        }

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await f.RunWorkerAsync();
            var step = (await f.FindAsync(request.Request.Id)).Steps.Single(s => s.Datastore == "pbx.db");
            var held = await DeferredAsync(f, deferred);
            step.Attempts.ShouldBe(attempt);
            held.Attempts.ShouldBe(attempt);
            step.Status.ShouldBe(attempt < 3 ? StepStatus.Failed : StepStatus.GaveUp, $"attempt {attempt}");
            (held.GaveUpAt is not null).ShouldBe(attempt == 3, $"attempt {attempt}");
            f.Clock.Advance(Backoff.Longest);
        }

        await f.RunWorkerAsync();
        (await f.FindAsync(request.Request.Id)).Steps.Single(s => s.Datastore == "pbx.db").Attempts.ShouldBe(3, "given up on: the worker leaves it alone");
        (await DeferredAsync(f, deferred)).Attempts.ShouldBe(3);

        await using (var scope = f.Db.Scope())
        {
            var packages = scope.ServiceProvider.GetRequiredService<AnswerPackages>();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                await packages.RecordFailureAsync(request.Request.Id, "pbx.db could not be read", default);
                var failure = await db.PackageFailures.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.RequestId == request.Request.Id);
                failure.Attempts.ShouldBe(attempt);
                (failure.GaveUpAt is not null).ShouldBe(attempt == 3, $"attempt {attempt}");
                (failure.NextAttemptAt is null).ShouldBe(attempt == 3, $"attempt {attempt}");
            }
        }

        await using (var scope = f.Db.Scope())
        {
            var listed = (await scope.ServiceProvider.GetRequiredService<StalledWork>().AllAsync(100, default)).Where(j => j.GaveUp).ToList();
            listed.ShouldContain(j => j.Kind == JobKind.RequestStep && j.What == "pbx.db" && j.Attempts == 3);
            listed.ShouldContain(j => j.Kind == JobKind.DeferredErasure && j.Id == deferred && j.Attempts == 3);
            listed.ShouldContain(j => j.Kind == JobKind.AnswerPackage && j.Id == request.Request.Id && j.Attempts == 3);
        }
    }

    private static async Task<PublicStatus> StatusAsync(RequestFixture f, string token)
    {
        await using var scope = f.Db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().StatusAsync(f.Tenant, token, default))!;
    }

    private static async Task<DeferredErasure> DeferredAsync(RequestFixture f, Guid id)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().DeferredErasures.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == id);
    }

    [Fact]
    public async Task Retrying_needs_a_job_of_the_tenant_that_failed()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var tenant = await db.CreateTenantAsync();
        await using var scope = db.Scope();
        var retried = await scope.ServiceProvider.GetRequiredService<StalledWork>().RetryAsync(tenant.Id, JobKind.RequestStep, Guid.NewGuid(), AuditActor.System, default);
        retried.Failure.ShouldBeOfType<Lethe.Common.NotFound>();
    }
}
