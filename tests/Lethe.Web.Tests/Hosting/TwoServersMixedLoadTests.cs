using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lethe.Audit;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// Two servers on one PostgreSQL database under a bounded mixed load — privacy-centre filings confirmed on the other
/// server, registered requests approved on one while either works them, consent events and a retention run worked by
/// both at once — and afterwards every job was done once, every mail sent once, and the audit chain is whole.
/// </summary>
public sealed partial class TwoServersMixedLoadTests
{
    /// <summary>The timed round far away: all work below is started by the signals the servers send each other.</summary>
    private static readonly Dictionary<string, string?> TenMinuteRound = new() { ["Lethe:Worker:IntervalSeconds"] = "600" };

    /// <summary>For the load to settle on a busy 2-core machine; it settles in a few seconds.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(40);

    private const int Filings = 12;
    private const int Registered = 12;
    private const int ConsentEvents = 200;

    [Fact]
    public async Task Two_servers_under_mixed_load_do_every_job_once_send_every_mail_once_and_keep_the_audit_chain_whole()
    {
        var sent = new SentMail();
        await using var servers = await TwoServers.StartAsync(TenMinuteRound, Settle, sent.Install);
        var demo = await DemoTenant.OpenAsync(servers.First, "requests:write", "consent:write", "consent:read", "retention:write");
        var customer = await demo.BillingAsync("email");
        var before = await RetentionTotalsAsync(demo, servers.First);
        before.Values.Sum().ShouldBeGreaterThan(0, "the demo has rows past their retention period, or the run below proves nothing");

        var filed = new ConcurrentBag<string>();
        var registered = new ConcurrentBag<Guid>();
        var consents = new ConcurrentBag<Guid>();
        var load = new List<Task>();
        load.AddRange(Enumerable.Range(0, Filings).Select(async i => filed.Add(await FileAndConfirmAsync(servers, servers.For(i), i))));
        load.AddRange(Enumerable.Range(0, Registered).Select(async i => registered.Add(await ApproveAndCloseAsync(servers, demo, servers.For(i), customer))));
        load.Add(Parallel.ForEachAsync(Enumerable.Range(0, ConsentEvents), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => consents.Add(await ConsentAsync(demo, servers.For(i), i))));
        load.Add(RetentionRunAsync(servers, demo));
        await Task.WhenAll(load);

        await Eventually.ReachedAsync(() => UnsettledAsync(demo.Database, registered), u => u.Length == 0, "the work settled", Settle);
        await using var scope = demo.Database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        // Every request step ran once, by one server, and every registered request completed with one answer package.
        var ids = registered.ToList();
        var steps = await db.RequestSteps.IgnoreQueryFilters().Where(s => ids.Contains(s.RequestId)).ToListAsync();
        steps.Count.ShouldBeGreaterThanOrEqualTo(3 * Registered);
        steps.ShouldAllBe(s => s.Status == StepStatus.Done && s.Attempts <= 1);
        (await db.Requests.IgnoreQueryFilters().Where(r => ids.Contains(r.Id)).CountAsync(r => r.Status == RequestStatus.Completed)).ShouldBe(Registered);
        var packages = await db.StoredAnswers.IgnoreQueryFilters().Where(a => ids.Contains(a.RequestId)).GroupBy(a => a.RequestId).Select(g => g.Count()).ToListAsync();
        packages.ShouldBe(Enumerable.Repeat(1, Registered).ToList(), "one stored answer package per completed request");
        var stored = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.Action == AuditActions.RequestPackageStored)
            .GroupBy(a => a.Target).Select(g => g.Count()).ToListAsync();
        stored.ShouldBe(Enumerable.Repeat(1, Registered).ToList(), "one package-stored entry per completed request");
        // None waits with every step done, and every privacy-centre filing was confirmed once.
        (await db.Requests.IgnoreQueryFilters().CountAsync(r => (r.Status == RequestStatus.InProgress || r.Status == RequestStatus.AwaitingExternal)
            && !db.RequestSteps.IgnoreQueryFilters().Any(s => s.RequestId == r.Id && s.Status != StepStatus.Done))).ShouldBe(0);
        (await db.Requests.IgnoreQueryFilters().CountAsync(r => r.Status == RequestStatus.Verified)).ShouldBe(Filings);

        // Every status event told once (the demo has no status webhook, so each is marked skipped once).
        var events = await db.RequestStatusEvents.IgnoreQueryFilters().ToListAsync();
        events.ShouldAllBe(e => e.Outcome != null && e.Attempts <= 1);

        // Every mail was sent once: one delivery per message, one message per request and template, none left.
        var messages = await db.OutboxMessages.IgnoreQueryFilters().ToListAsync();
        messages.ShouldAllBe(m => m.Status == MessageStatus.Sent && m.Attempts == 1);
        messages.Where(m => m.RequestId != null).GroupBy(m => (m.RequestId, m.Template)).ShouldAllBe(g => g.Count() == 1);
        sent.Deliveries.Select(d => d.MessageId).ShouldBeUnique();
        sent.Deliveries.Select(d => d.MessageId).ShouldBe(messages.Select(m => $"{m.Id:N}@lethe"), ignoreOrder: true);
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.MessageSent)).ShouldBe(messages.Count);
        foreach (var person in filed)
        {
            // The verification mail and the one with the status link, each received once.
            var received = await ServerMailbox.DeliverAndReadAsync(servers.Second, person);
            received.Count.ShouldBe(2);
            sent.Deliveries.Count(d => d.To == person).ShouldBe(2);
        }

        // Every consent event recorded once.
        var recorded = consents.ToList();
        recorded.ShouldBeUnique();
        (await db.ConsentEvents.IgnoreQueryFilters().CountAsync(e => recorded.Contains(e.Id))).ShouldBe(ConsentEvents);
        (await db.ConsentEvents.IgnoreQueryFilters().Select(e => e.Subject).Distinct().CountAsync()).ShouldBe(ConsentEvents);

        // The retention run changed exactly the rows that were due, once: one run, one report, one audit entry.
        var after = await RetentionTotalsAsync(demo, servers.First);
        using var api = demo.Api(servers.First);
        var run = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/tenants/{DemoTenant.Slug}/retention/runs")).RootElement.EnumerateArray().Single();
        run.GetProperty("finishedAt").ValueKind.ShouldBe(JsonValueKind.String);
        foreach (var rule in run.GetProperty("rules").EnumerateArray().Where(r => before.ContainsKey(r.GetProperty("rule").GetString()!)))
        {
            var name = rule.GetProperty("rule").GetString()!;
            (rule.GetProperty("deleted").GetInt64() + rule.GetProperty("anonymized").GetInt64()).ShouldBe(before[name] - after[name], $"rule {name}");
        }

        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.RetentionRunFinished)).ShouldBe(1);
        (await servers.Second.App.Services.GetRequiredService<RetentionWorker>().RunDueAsync(default)).ShouldBe(0, "nothing left to run today");

        // The audit chain verifies end to end: no gap in the sequence, every hash chaining to the one before.
        var chain = await AuditVerifier.VerifyAsync(db, null, default);
        chain.Problem.ShouldBeNull();
        chain.EntriesChecked.ShouldBe(await db.AuditEntries.IgnoreQueryFilters().LongCountAsync());
    }

    /// <summary>The person files an access request on one server and types the mailed code into the other; their address.</summary>
    private static async Task<string> FileAndConfirmAsync(TwoServers servers, LetheServer server, int number)
    {
        var person = $"person-{number:D2}@twoservers.example";
        using var client = server.Anonymous();
        var filed = await client.PostAsync($"/p/{DemoTenant.Slug}?culture=en", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Types"] = "access", ["Email"] = person, ["Message"] = "Please send me what you have.",
        }));
        filed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var mail = await Eventually.ReachedAsync(() => ServerMailbox.DeliverAndReadAsync(server, person), m => m.Count == 1, $"the confirmation mail to {person}", Settle);
        var code = Code().Match(mail[0].TextBody ?? "").Value;

        using var other = servers.Other(server).Anonymous();
        var verified = await other.PostAsync($"/p/{DemoTenant.Slug}/verify?culture=en", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = code }));
        verified.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return person;
    }

    /// <summary>
    /// A controller registers the customer's request and approves it on one server; once the newsletter task waits, an
    /// agent closes it on the other while a second closes the step forwarded to Nets on the first, at once.
    /// </summary>
    private static async Task<Guid> ApproveAndCloseAsync(TwoServers servers, DemoTenant demo, LetheServer server, string customer)
    {
        var id = await demo.RegisterAsync(server, "email", customer);
        using (var api = demo.Api(server))
        {
            (await api.PostAsync($"{demo.Requests}/{id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var task = await demo.TaskWaitingAsync(id, Settle);
        await Task.WhenAll(demo.CompleteStepAsync(servers.Other(server), id, task, "Removed from the list"), demo.ConfirmForwardedAsync(server, id));
        return id;
    }

    /// <summary>A visitor's choice in the banner, recorded through the consent API; the receipt's id.</summary>
    private static async Task<Guid> ConsentAsync(DemoTenant demo, LetheServer server, int number)
    {
        using var api = demo.Api(server);
        var recorded = await api.PostAsJsonAsync($"/api/v1/tenants/{DemoTenant.Slug}/consent/events", new
        {
            subject = new { type = "browser", value = $"browser-{number:D6}-twoservers" }, action = number % 3 == 0 ? "withdrawn" : "given",
            purposes = new[] { "statistics" }, channel = "banner",
        });
        recorded.StatusCode.ShouldBe(HttpStatusCode.Created);
        return JsonDocument.Parse(await recorded.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Single().GetProperty("receipt").GetGuid();
    }

    /// <summary>A run started through the API of one server, worked by both servers' retention schedules at once.</summary>
    private static async Task RetentionRunAsync(TwoServers servers, DemoTenant demo)
    {
        using (var api = demo.Api(servers.Second))
        {
            (await api.PostAsync($"/api/v1/tenants/{DemoTenant.Slug}/retention/runs", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await Task.WhenAll(
            servers.First.App.Services.GetRequiredService<RetentionWorker>().RunDueAsync(default),
            servers.Second.App.Services.GetRequiredService<RetentionWorker>().RunDueAsync(default));
    }

    /// <summary>Per swept rule, the rows past their period: due now or held (an open request holds the customer's rows).</summary>
    private static async Task<Dictionary<string, long>> RetentionTotalsAsync(DemoTenant demo, LetheServer server)
    {
        using var api = demo.Api(server);
        var plan = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/tenants/{DemoTenant.Slug}/retention/plan")).RootElement;
        return plan.GetProperty("rules").EnumerateArray().ToDictionary(
            r => r.GetProperty("rule").GetString()!, r => r.GetProperty("dueNow").GetInt64() + r.GetProperty("held").GetInt64());
    }

    /// <summary>What is still to be done — requests not completed or without their package, mails and status events not sent — said so a failure shows it.</summary>
    private static async Task<string> UnsettledAsync(Lethe.Tests.Support.TestDatabase database, IEnumerable<Guid> registered)
    {
        var ids = registered.ToList();
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var open = await db.Requests.IgnoreQueryFilters()
            .Where(r => ids.Contains(r.Id) && (r.Status != RequestStatus.Completed || !db.StoredAnswers.IgnoreQueryFilters().Any(a => a.RequestId == r.Id)))
            .Select(r => new { r.Id, r.Status, Steps = db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == r.Id).Select(s => s.Status.ToString() + "/" + s.Attempts).ToList() })
            .ToListAsync();
        var mails = await db.OutboxMessages.IgnoreQueryFilters().CountAsync(m => m.Status == MessageStatus.Queued);
        var events = await db.RequestStatusEvents.IgnoreQueryFilters().CountAsync(e => e.Outcome == null);
        var failures = await db.PackageFailures.IgnoreQueryFilters().Select(f => f.Attempts + "x " + f.LastError).ToListAsync();
        return open.Count == 0 && mails == 0 && events == 0
            ? ""
            : $"{mails} mails queued, {events} status events untold, package failures: [{string.Join("; ", failures)}], requests open: " + string.Join("; ", open.Select(r => $"{r.Id} {r.Status} [{string.Join(", ", r.Steps)}]"));
    }

    [GeneratedRegex("[0-9A-Z]{4}(-[0-9A-Z]{4}){7}")]
    private static partial Regex Code();

    /// <summary>
    /// Every delivery either server makes, in the order made, written to the shared data directory as usual. The file
    /// is named by the message's id, so a second delivery would only overwrite it: counted here, it cannot hide.
    /// </summary>
    private sealed class SentMail
    {
        private readonly ConcurrentQueue<(string MessageId, string To)> _deliveries = new();

        public IReadOnlyList<(string MessageId, string To)> Deliveries => _deliveries.ToList();

        public void Install(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
            builder.Services.AddSingleton<IMailTransport>(services => new Recording(
                new EmlDirectoryTransport(Path.Combine(services.GetRequiredService<StorageSettings>().DataDirectory, "outbox")), this));

        private sealed class Recording(IMailTransport inner, SentMail sent) : IMailTransport
        {
            public async Task SendAsync(MimeMessage message, CancellationToken ct)
            {
                await inner.SendAsync(message, ct);
                sent._deliveries.Enqueue((message.MessageId ?? "", string.Join(",", message.To.Mailboxes.Select(m => m.Address))));
            }
        }
    }
}
