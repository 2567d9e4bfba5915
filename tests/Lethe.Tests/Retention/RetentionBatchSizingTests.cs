using System.Globalization;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Retention;

/// <summary>
/// Batches that size themselves to a target time, on both databases: the batch's time comes from the fixture's fake
/// clock, which the test moves on after each batch's commit to make that batch quick or slow.
/// </summary>
public sealed class RetentionBatchSizingTests
{
    private const string Rule = "statutory_logging";

    private const int Lines = 6000;

    /// <summary>From 100 rows towards 200 ms a batch.</summary>
    private static readonly RetentionOptions Adaptive = new() { BatchSize = 100, TargetBatchDuration = TimeSpan.FromMilliseconds(200) };

    /// <summary>
    /// The PBX's usage log replaced by 6,000 lines, every other one past the year the statutory rule keeps them (so every
    /// batch changes half its rows, enough to measure); on PostgreSQL analysed, so that batches are ranges of pages.
    /// </summary>
    private static async Task<RetentionFixture> LogsAsync(DatabaseProvider provider)
    {
        var f = await RetentionFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 10);
        string Day(int days) => $"'{f.Clock.GetUtcNow().UtcDateTime.AddDays(days).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}'{f.Store.Timestamp}";
        // TRUNCATE on PostgreSQL, so that no page of dead demo rows comes before the new ones.
        await f.Store.ExecuteAsync(provider == DatabaseProvider.Postgres ? "TRUNCATE usage_log" : "DELETE FROM usage_log");
        await f.Store.ExecuteAsync(
            $"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {Lines}) "
            + $"INSERT INTO usage_log (id, employee_id, ip_address, logged_at) SELECT n, NULL, '10.0.0.1', CASE WHEN n % 2 = 0 THEN {Day(-800)} ELSE {Day(-10)} END FROM g");
        if (provider == DatabaseProvider.Postgres)
        {
            await f.Store.ExecuteAsync("ANALYZE usage_log");
        }

        return f;
    }

    /// <summary>Works the run with <paramref name="options"/>, reporting each batch of the statutory rule as it ends.</summary>
    private static async Task<RetentionRunView> RunAsync(RetentionFixture f, RetentionOptions options, Func<RetentionProgress, Task>? afterCommit, List<RuleProgress> batches)
    {
        await using (var scope = f.Requests.Db.Scope())
        {
            var runner = RetentionFixture.Runner(scope.ServiceProvider, options);
            runner.AfterDatastoreCommit = afterCommit;
            var run = await runner.StartAsync(f.Requests.Tenant, "test", default) ?? throw new InvalidOperationException("no data map");
            (await runner.WorkAsync(run.Id, new SynchronousProgress(p =>
            {
                if (p.Rule == Rule && !p.Finished)
                {
                    batches.Add(p);
                }
            }), default)).ShouldBeTrue();
        }

        return (await f.RunsAsync())[0];
    }

    private static async Task<List<long>> LeftAsync(RetentionFixture f) =>
        (await f.Store.QueryAsync("SELECT id FROM usage_log ORDER BY id")).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Batches_grow_while_quick_shrink_at_once_after_a_slow_one_and_change_what_fixed_batches_change(DatabaseProvider provider)
    {
        var f = await LogsAsync(provider);
        // Three quick batches (20 ms each), a slow one (2 s: a lock waited for, say), then quick ones again.
        var count = 0;
        Task Clock(RetentionProgress rule)
        {
            if (rule.Rule == Rule)
            {
                f.Clock.Advance(TimeSpan.FromMilliseconds(++count == 4 ? 2000 : 20));
            }

            return Task.CompletedTask;
        }

        var batches = new List<RuleProgress>();
        var report = await RunAsync(f, Adaptive, Clock, batches);

        // Each quick batch doubles the next; the slow one brings it back to the floor (here the start) at once.
        batches.Select(b => b.BatchSize).Take(6).ShouldBe([100, 200, 400, 800, 100, 200]);
        batches.Count.ShouldBeGreaterThan(6);
        var rows = batches.Select((b, i) => b.Done - (i == 0 ? 0 : batches[i - 1].Done)).ToList();
        rows[3].ShouldBeGreaterThan(rows[0] * 4, "the batch itself grew");
        rows[4].ShouldBeLessThan(rows[3] / 4, "and shrank");
        if (provider == DatabaseProvider.Sqlite)
        {
            // A range of keys: half of each batch's keys are due.
            rows.Take(6).ShouldBe([50, 100, 200, 400, 50, 100]);
        }
        else
        {
            (await f.RunsAsync())[0].Rules.Single(r => r.Rule == Rule).NextPage.ShouldNotBeNull("PostgreSQL went by pages");
        }

        // The same rows go, counted the same, as with batches of a fixed size on the same data.
        var g = await LogsAsync(provider);
        var fixedReport = await RunAsync(g, new RetentionOptions().WithFixedBatchSize(100), null, []);
        (await LeftAsync(f)).ShouldBe(await LeftAsync(g));
        (await LeftAsync(f)).ShouldAllBe(id => id % 2 == 1);
        (await LeftAsync(f)).Count.ShouldBe(Lines / 2);
        foreach (var rule in fixedReport.Rules)
        {
            var same = report.Rules.Single(r => r.Rule == rule.Rule);
            (same.Deleted, same.Anonymized, same.Held, same.Referenced, same.Error).ShouldBe((rule.Deleted, rule.Anonymized, rule.Held, rule.Referenced, rule.Error), rule.Rule);
        }

        report.Rules.Single(r => r.Rule == Rule).Deleted.ShouldBe(Lines / 2);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_kill_after_batches_grew_resumes_from_the_checkpoint_with_sizes_started_afresh_and_the_report_exact(DatabaseProvider provider)
    {
        var f = await LogsAsync(provider);
        // Quick batches grow; the process dies after the fourth committed, before its checkpoint.
        var count = 0;
        Task Killed(RetentionProgress rule)
        {
            if (rule.Rule != Rule)
            {
                return Task.CompletedTask;
            }

            f.Clock.Advance(TimeSpan.FromMilliseconds(20));
            return ++count == 4 ? throw new KilledException() : Task.CompletedTask;
        }

        var first = new List<RuleProgress>();
        await Should.ThrowAsync<KilledException>(() => RunAsync(f, Adaptive, Killed, first));
        first.Select(b => b.BatchSize).ShouldBe([100, 200, 400]);
        (await LeftAsync(f)).Count.ShouldBeLessThan(Lines - (int)first[^1].Done, "the fourth batch did commit");

        await f.Requests.Db.RestartAsync();
        f.Clock.Advance(new RetentionOptions().Lease + TimeSpan.FromMinutes(1));
        var resumed = new List<RuleProgress>();
        var report = await RunAsync(f, Adaptive, rule =>
        {
            f.Clock.Advance(TimeSpan.FromMilliseconds(20));
            return Task.CompletedTask;
        }, resumed);

        resumed[0].BatchSize.ShouldBe(100, "a resumed run starts at the configured size");
        report.Rules.Single(r => r.Rule == Rule).Deleted.ShouldBe(Lines / 2);
        (await LeftAsync(f)).ShouldBe(Enumerable.Range(0, Lines / 2).Select(i => 2L * i + 1));
    }

    private sealed class KilledException : Exception;
}
