using Lethe.Messages;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>Lethe stops in the middle of a request — a mail queued, a step taken by a worker that died — and carries on from the database.</summary>
public sealed class RestartTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_restart_in_the_middle_of_a_request_loses_nothing_and_the_request_resumes_where_it_was(DatabaseProvider provider)
    {
        using var newsletter = new WebhookReceiver(RequestFixture.NewsletterAnswers);
        var (f, email) = await RequestFixture.Flex4BusinessConnectedAsync(provider, newsletter);
        var id = await f.FileByEmailAsync(email);

        // Down before the verification mail went out: it is still queued after the restart.
        await f.Db.RestartAsync();
        await f.ConfirmByMailAndApproveAsync(id, email);

        // A worker takes the billing step and dies with it: its lease is in the database, its memory is gone.
        var now = f.Clock.GetUtcNow().UtcDateTime;
        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == id && s.Datastore == "billing.db")
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeasedUntil, now + new WorkerOptions().StepLease))).ShouldBe(1);
        }

        await f.Db.RestartAsync();
        await f.RunWorkerAsync();
        var meanwhile = await f.FindAsync(id);
        // It waits for Nets, which receives the billing system's data, as well as for the billing step.
        meanwhile.Request.Status.ShouldBe(RequestStatus.AwaitingExternal);
        meanwhile.Steps.Single(s => s.Datastore == "billing.db").Status.ShouldBe(StepStatus.Pending);
        meanwhile.Steps.Single(s => s.Datastore == "sub-processor:nets").Status.ShouldBe(StepStatus.Waiting);

        // The lease runs out; the new worker finishes the step, Nets confirms, the package is made and the person is told.
        f.Clock.Advance(new WorkerOptions().StepLease + TimeSpan.FromMinutes(1));
        await f.RunWorkerAsync();
        await f.ConfirmForwardedAsync(id);
        var done = await f.FindAsync(id);
        done.Steps.ShouldAllBe(s => s.Status == StepStatus.Done, string.Join("; ", done.Steps.Select(s => $"{s.Datastore} {s.Status} {s.LastError}")));
        done.Request.Status.ShouldBe(RequestStatus.Completed);
        (await f.Db.Services.GetRequiredService<PackageWorker>().RunDueAsync(default)).ShouldBe(1);
        var completed = (await Mailbox.DeliverAndReadAsync(f.Db, email)).Single(m => m.Subject == "Your request has been answered");
        Mailbox.Link(completed, "/status/").ShouldStartWith(TestDatabase.PublicUrl);
        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.RequestId == id).Select(m => m.Status).ToListAsync()).ShouldAllBe(s => s == MessageStatus.Sent);
            (await db.RequestSteps.IgnoreQueryFilters().CountAsync(s => s.RequestId == id && s.Datastore == "billing.db" && s.Attempts == 1)).ShouldBe(1);
        }
    }
}
