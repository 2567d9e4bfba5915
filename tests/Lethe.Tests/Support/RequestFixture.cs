using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Support;

/// <summary>A Lethe database with a tenant whose data map points one sample system at a freshly built demo datastore.</summary>
internal sealed record RequestFixture(TestDatabase Db, Tenant Tenant, DemoStore Store, FakeTimeProvider Clock, string ConnectionVariable)
{
    /// <param name="start">Where the clock starts, when the test's first day is before <see cref="TestClock.Start"/>.</param>
    /// <param name="references">Other references of the manifest (env variable → value) to point at this test's values.</param>
    /// <param name="configuration">Lethe's settings as an operator would set them (<c>Lethe:Worker:…</c>).</param>
    /// <param name="manifest">Changes the test makes to the sample's data map before it is imported.</param>
    public static async Task<RequestFixture> CreateAsync(
        DatabaseProvider provider, string sample, string system, string connectionVariable, int people = 20, IReadOnlyDictionary<string, string>? references = null,
        DateTimeOffset? start = null, IReadOnlyDictionary<string, string?>? configuration = null, Func<string, string>? manifest = null)
    {
        var clock = new FakeTimeProvider(start ?? TestClock.Start);
        var store = await DemoStore.BuildAsync(provider, sample, system, people, now: clock.GetUtcNow());
        var db = await TestDatabase.CreateAsync(provider, clock, configuration: configuration);
        var tenant = await db.CreateTenantAsync();
        // Each test names its own variable, so tests running in parallel never see each other's datastores.
        var variable = "LETHE_TEST_DS_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, store.ConnectionString);
        var files = "LETHE_TEST_FILES_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(files, store.FilesDirectory);
        var yaml = File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", sample, "manifest.yaml"))
            .Replace($"env:{connectionVariable}", $"env:{variable}", StringComparison.Ordinal)
            .Replace("env:FLEXFONE_PBX_FILES", $"env:{files}", StringComparison.Ordinal);
        yaml = manifest?.Invoke(yaml) ?? yaml;
        foreach (var (name, value) in references ?? new Dictionary<string, string>())
        {
            var unique = $"LETHE_TEST_{name}_{Guid.NewGuid():N}";
            Environment.SetEnvironmentVariable(unique, value);
            yaml = yaml.Replace($"env:{name}", $"env:{unique}", StringComparison.Ordinal);
        }

        // Every other reference points nowhere: a developer's own FLEX4B_… variables must never be reached by a test.
        yaml = System.Text.RegularExpressions.Regex.Replace(yaml, "env:(?!LETHE_TEST_)([A-Z0-9_]+)", m => $"env:LETHE_TEST_UNSET_{m.Groups[1].Value}_{Guid.NewGuid():N}");
        await using (var scope = db.Scope())
        {
            var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "manifest.yaml", default);
            imported.Succeeded.ShouldBeTrue(imported.Failure?.ToString());
        }

        return new RequestFixture(db, tenant, store, clock, variable);
    }

    /// <summary>
    /// Flex4Business with every datastore connected: billing (<see cref="Store"/>) and the website as demo databases, the
    /// newsletter system answering its jobs at once through <paramref name="newsletter"/> — so a request by e-mail can finish.
    /// </summary>
    public static async Task<(RequestFixture F, string Email)> Flex4BusinessConnectedAsync(
        DatabaseProvider provider, WebhookReceiver newsletter, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var website = await DemoStore.BuildAsync(provider, "flex4business", "website", people: 5, now: TestClock.Start);
        var f = await CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 5, references: new Dictionary<string, string>
        {
            ["FLEX4B_WEBSITE_DB"] = website.ConnectionString,
            ["FLEX4B_NEWSLETTER_HOOK_URL"] = newsletter.Url,
            ["FLEX4B_NEWSLETTER_HOOK_SECRET"] = "newsletter-test-secret",
        }, configuration: configuration);
        return (f, (string)(await f.Store.QueryAsync("SELECT email FROM customers ORDER BY id")).First()[0]!);
    }

    /// <summary>
    /// In the billing sample: a customer with an invoice still under the bookkeeping hold two days from now, their customer
    /// number, and the day the last of their holds ends.
    /// </summary>
    public async Task<(long Id, string Number, DateOnly LastHold)> CustomerWithHeldInvoicesAsync()
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var invoices = (await Store.QueryAsync("SELECT customer_id, invoice_date FROM invoices"))
            .Select(r => (Customer: Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), Date: LegalHolds.AsDate(r[1])!.Value)).ToList();
        var customer = invoices.GroupBy(i => i.Customer).First(g => g.Any(i => Execution.ErasureTests.BookkeepingHoldEnds(i.Date) > today.AddDays(2))).Key;
        var lastHold = Execution.ErasureTests.BookkeepingHoldEnds(invoices.Where(i => i.Customer == customer).Max(i => i.Date));
        var number = (string)(await Store.QueryAsync($"SELECT customer_number FROM customers WHERE id = {customer}")).Single()[0]!;
        return (customer, number, lastHold);
    }

    /// <summary>The newsletter system's answer to any job: nothing found, nothing changed.</summary>
    public static (int Status, string Body) NewsletterAnswers(ReceivedJob job) => (200, "{\"collections\":{\"subscribers\":[]},\"changed\":0}");

    /// <summary>Registers a request whose identity an agent checked, and approves it, so the worker carries it out.</summary>
    public async Task<RequestView> CreateAsync(RequestType type, params Identity[] identities)
    {
        await using var scope = Db.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RequestRegistration>()
            .CreateAsync(Tenant, AuditActor.System, new RequestInput(type.ToWire(), identities, IdentityCheck: "checked by the test"), default);
        var created = outcome.Value ?? throw new InvalidOperationException(outcome.Failure!.ToString());
        var approved = await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(Tenant, AuditActor.System, created.Request.Id, default);
        return approved.Value ?? throw new InvalidOperationException(approved.Failure!.ToString());
    }

    /// <summary>A person files an access request in the privacy centre with their e-mail address; the request's id.</summary>
    public async Task<Guid> FileByEmailAsync(string email)
    {
        await using var scope = Db.Scope();
        var filed = await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().FileAsync(Tenant, [RequestType.Access.ToWire()], email, [], "en", null, null, default);
        return (filed.Value ?? throw new InvalidOperationException(filed.Failure!.ToString())).Single();
    }

    /// <summary>The person follows the link of the verification mail (delivered now), then an agent approves the request.</summary>
    public async Task ConfirmByMailAndApproveAsync(Guid id, string email)
    {
        var code = Mailbox.LinkToken((await Mailbox.DeliverAndReadAsync(Db, email)).Single(), "/verify/");
        await using var scope = Db.Scope();
        var verified = await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().VerifyAsync(Tenant, code, default);
        verified.Succeeded.ShouldBeTrue(verified.Failure?.ToString());
        var approved = await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(Tenant, AuditActor.System, id, default);
        approved.Succeeded.ShouldBeTrue(approved.Failure?.ToString());
    }

    /// <summary>The token of the status link mailed to the person once the request was confirmed.</summary>
    public async Task<string> StatusTokenAsync(string email) =>
        Mailbox.LinkToken((await Mailbox.DeliverAndReadAsync(Db, email)).Single(m => (m.TextBody ?? "").Contains("/status/", StringComparison.Ordinal)), "/status/");

    /// <inheritdoc cref="Builders.ConfirmForwardedAsync"/>
    public Task<IReadOnlyList<RequestStep>> ConfirmForwardedAsync(Guid requestId, string? noteToPerson = null) => Db.ConfirmForwardedAsync(Tenant, requestId, noteToPerson);

    public Task<int> RunWorkerAsync() => Db.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);

    public async Task<RequestView> FindAsync(Guid id)
    {
        await using var scope = Db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<RequestQueries>().FindAsync(Tenant, id, default))!;
    }

    public async Task<IReadOnlyList<DeferredErasure>> DeferredAsync(Guid id)
    {
        await using var scope = Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<RequestQueries>().DeferredAsync(Tenant, id, default);
    }
}
