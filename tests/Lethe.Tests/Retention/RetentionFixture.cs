using System.Globalization;
using Lethe.Audit;
using Lethe.Execution;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Retention;

/// <summary>A sample's demo datastore under a tenant's data map, and retention run against it on a controllable clock.</summary>
internal sealed record RetentionFixture(RequestFixture Requests)
{
    public DemoStore Store => Requests.Store;

    public FakeTimeProvider Clock => Requests.Clock;

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public static async Task<RetentionFixture> CreateAsync(DatabaseProvider provider, string sample, string system, string variable, int people = 20, DateTimeOffset? start = null) =>
        new(await RequestFixture.CreateAsync(provider, sample, system, variable, people, start: start));

    /// <summary>The fake clock's now as a PostgreSQL timestamp literal: the demo server's own <c>now()</c> is the real day.</summary>
    public string Now => $"TIMESTAMPTZ '{Clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00'";

    public void SetToday(DateOnly day) => Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));

    /// <summary>Starts (or resumes) the tenant's run and works it to the end; returns the run's report.</summary>
    public async Task<RetentionRunView> RunAsync(int batchSize = 5000, IProgress<RuleProgress>? progress = null, CancellationToken ct = default)
    {
        await using (var scope = Requests.Db.Scope())
        {
            var runner = Runner(scope.ServiceProvider, batchSize);
            var run = await runner.StartAsync(Requests.Tenant, "test", ct) ?? throw new InvalidOperationException("no data map");
            (await runner.WorkAsync(run.Id, progress, ct)).ShouldBeTrue();
        }

        return (await RunsAsync())[0];
    }

    public static RetentionRunner Runner(IServiceProvider services, int batchSize) =>
        Runner(services, new RetentionOptions().WithFixedBatchSize(batchSize));

    public static RetentionRunner Runner(IServiceProvider services, RetentionOptions options) =>
        ActivatorUtilities.CreateInstance<RetentionRunner>(services, Options.Create(options));

    public async Task<IReadOnlyList<RetentionRunView>> RunsAsync()
    {
        await using var scope = Requests.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<RetentionCommands>().RunsAsync(Requests.Tenant, 50, default);
    }

    public async Task<RetentionPlan> PlanAsync()
    {
        await using var scope = Requests.Db.Scope();
        var plan = await scope.ServiceProvider.GetRequiredService<RetentionCommands>().PlanAsync(Requests.Tenant, default);
        return plan.Value ?? throw new InvalidOperationException(plan.Failure!.ToString());
    }

    public async Task<RetentionHold> HoldAsync(HoldInput input)
    {
        await using var scope = Requests.Db.Scope();
        var hold = await scope.ServiceProvider.GetRequiredService<RetentionCommands>().AddHoldAsync(Requests.Tenant, AuditActor.System, input, default);
        return hold.Value ?? throw new InvalidOperationException(hold.Failure!.ToString());
    }

    /// <summary>Key and anchor date of every row of a collection, read by hand.</summary>
    public async Task<List<(long Id, DateOnly Anchor)>> AnchorsAsync(string collection, string anchor) =>
        (await Store.QueryAsync($"SELECT id, {anchor} FROM {collection} ORDER BY id"))
            .Select(r => (Convert.ToInt64(r[0], CultureInfo.InvariantCulture), LegalHolds.AsDate(r[1])!.Value)).ToList();

    /// <summary>Call recordings past their 90 days today, read by hand: id, start, and the employee's extension, full name and id.</summary>
    public async Task<List<object?[]>> DueRecordingsAsync() =>
        (await Store.QueryAsync("SELECT c.id, c.started_at, e.extension, e.full_name, e.id FROM call_recordings c JOIN employees e ON e.id = c.employee_id ORDER BY c.id"))
            .Where(r => LegalHolds.AsDate(r[1])!.Value.AddDays(90) <= Today).ToList();

    public async Task<long> CountAsync(string sql) => Convert.ToInt64((await Store.QueryAsync(sql)).Single()[0], CultureInfo.InvariantCulture);
}

/// <summary>Reports on the calling thread, so a test can cancel exactly at a batch or read each batch as it ends.</summary>
internal sealed class SynchronousProgress(Action<RuleProgress> report) : IProgress<RuleProgress>
{
    public void Report(RuleProgress value) => report(value);
}
