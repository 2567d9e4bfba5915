using System.Diagnostics;
using System.Globalization;
using Lethe.Audit;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lethe.Retention;

/// <summary>How a rule of a run is getting on, for a progress bar: rows so far, rows left, and the pace.</summary>
/// <param name="BatchSeconds">How long the last batch's transaction in the datastore took, from its first read to its commit.</param>
/// <param name="BatchSize">The rows the last batch was sized for (keys, or rows' worth of pages), as <see cref="BatchSizer"/> set it.</param>
public sealed record RuleProgress(string Rule, string Collection, long Done, long Remaining, double Seconds, bool Finished, string? Error, double BatchSeconds = 0, int BatchSize = 0);

/// <summary>
/// Carries out a tenant's retention run: each rule in batches by key, each batch its own short transaction, with a
/// checkpoint in Lethe's database after it. A rule is leased to one worker at a time (the lease is renewed after every
/// batch, so a worker that dies hands the rule on when its lease lapses), and on PostgreSQL every batch locks the rows it
/// takes, so even two workers on one rule never handle a row twice. Running a finished run again changes nothing.
/// </summary>
public sealed class RetentionRunner(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, DatastoreConnections connections, IOptions<RetentionOptions> options,
    StorageSettings storage)
{
    private static readonly AuditActor Worker = new("system", null, "lethe retention");

    private RetentionOptions Options => options.Value;

    // One opening at a time per tenant on this server: two presses of "Run retention now" a moment apart would otherwise
    // both find no open run and both insert one, and the loser's unique violation is logged as a database error even
    // though it is caught. Between servers the catch below still decides, as the database's unique index does.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> Opening = new();

    /// <summary>The tenant's unfinished run, or a new one for today with a progress row per rule.</summary>
    public async Task<RetentionRun?> StartAsync(Tenant tenant, string startedBy, CancellationToken ct) =>
        (await OpenAsync(tenant, startedBy, ct))?.Run;

    /// <summary>
    /// As <see cref="StartAsync"/>, saying whether the run was already open (started by someone else, or by the same
    /// button pressed twice): null when the tenant has no data map to run.
    /// </summary>
    public async Task<RetentionStart?> OpenAsync(Tenant tenant, string startedBy, CancellationToken ct)
    {
        var gate = Opening.GetOrAdd(tenant.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await OpenUnderGateAsync(tenant, startedBy, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RetentionStart?> OpenUnderGateAsync(Tenant tenant, string startedBy, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.RetentionRuns.SingleOrDefaultAsync(r => r.OpenFor == tenant.Id, ct) is { } open)
        {
            return new RetentionStart(open, AlreadyOpen: true);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (await RetentionScope.LoadAsync(db, dataMap, tenant, today, ct) is not { } retention)
        {
            return null;
        }

        var run = new RetentionRun { TenantId = tenant.Id, OpenFor = tenant.Id, Day = today, StartedAt = time.GetUtcNow().UtcDateTime, StartedBy = startedBy };
        db.RetentionRuns.Add(run);
        foreach (var target in retention.Targets)
        {
            db.RetentionProgress.Add(new RetentionProgress
            {
                RunId = run.Id, TenantId = tenant.Id, Rule = target.Key, Collection = target.CollectionPath,
                Action = target.DeletesRows ? "delete" : "anonymize", Cutoff = retention.Cutoff(target),
            });
        }

        foreach (var own in OwnDataRetention.Rules)
        {
            db.RetentionProgress.Add(new RetentionProgress { RunId = run.Id, TenantId = tenant.Id, Rule = own.Rule, Collection = own.Collection, Action = own.Action, Cutoff = today });
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return new RetentionStart(run, AlreadyOpen: false);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another server opened the tenant's run at the same moment: share theirs.
            db.ChangeTracker.Clear();
            return await db.RetentionRuns.SingleOrDefaultAsync(r => r.OpenFor == tenant.Id, ct) is { } theirs ? new RetentionStart(theirs, AlreadyOpen: true) : null;
        }
    }

    /// <summary>
    /// Works the run's rules that no other worker holds until none is left, then closes the run if every rule is done.
    /// Cancelling stops between batches or rolls the current batch back; the run resumes from the last checkpoint.
    /// </summary>
    /// <returns>Whether the run is finished.</returns>
    public async Task<bool> WorkAsync(Guid runId, IProgress<RuleProgress>? progress, CancellationToken ct)
    {
        var run = await db.RetentionRuns.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == runId, ct);
        scope.Enter(run.TenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == run.TenantId, ct);
        var retention = await RetentionScope.LoadAsync(db, dataMap, tenant, run.Day, ct);
        while (await ClaimAsync(runId, ct) is { } rule)
        {
            ct.ThrowIfCancellationRequested();
            if (OwnDataRetention.Rules.FirstOrDefault(o => o.Rule == rule.Rule) is { } own)
            {
                await RunOwnAsync(tenant, run, rule, own, progress, ct);
            }
            else
            {
                await RunRuleAsync(tenant, retention, rule, progress, ct);
            }
        }

        return await FinishAsync(runId, ct);
    }

    private async Task<RetentionProgress?> ClaimAsync(Guid runId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.RetentionProgress.AsNoTracking()
            .Where(p => p.RunId == runId && !p.Done && (p.LeasedUntil == null || p.LeasedUntil < now)).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        foreach (var id in candidates)
        {
            // A conditional update: of two workers that race for a rule, exactly one sees its row changed.
            var claimed = await db.RetentionProgress
                .Where(p => p.Id == id && !p.Done && (p.LeasedUntil == null || p.LeasedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.LeasedUntil, now + Options.Lease), ct);
            if (claimed == 1)
            {
                return await db.RetentionProgress.SingleAsync(p => p.Id == id, ct);
            }
        }

        return null;
    }

    private async Task RunRuleAsync(Tenant tenant, RetentionScope? retention, RetentionProgress rule, IProgress<RuleProgress>? progress, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var target = retention?.Targets.FirstOrDefault(t => t.Key == rule.Rule && t.CollectionPath == rule.Collection);
        try
        {
            if (retention is null || target is null)
            {
                throw new DatastoreProblem(DatastoreMessages.RuleGone(rule.Rule, rule.Collection));
            }

            var references = await connections.ForTenantAsync(db, tenant.Id, ct);
            // A files directory that resolves to nothing fails the rule before any row goes: rows deleted while their files
            // stay would leave recordings nothing points at, which no later request could find or erase.
            var filesRoot = target.FileColumns.Count == 0 ? null : references.FilesRoot(target.Store.Files, target.Datastore);
            var (connection, sql) = await RetentionScope.OpenAsync(references, retention.Manifest, target, retention.Today, ct);
            await using (connection)
            {
                await SettleAsync(target, connection, sql, rule, filesRoot, ct);
                if (retention.WholeHold(target) is not null)
                {
                    rule.Held = await RetentionBatch.CountAsync(connection, sql.Count(rule.Cutoff, null, []), ct);
                    await CompleteAsync(tenant, rule, started, null, progress, ct);
                    return;
                }

                var held = await retention.HeldKeysAsync(connection, target, ct);
                if (rule.Batches == 0)
                {
                    rule.Held = await RetentionBatch.HeldAsync(connection, sql, rule.Cutoff, held, ct);
                    rule.Referenced = await RetentionBatch.CountAsync(connection, sql.CountReferenced(rule.Cutoff, held), ct);
                }

                await SweepAsync(tenant, target, connection, sql, held, rule, filesRoot, progress, ct);
                await CompleteAsync(tenant, rule, started, null, progress, ct);
            }
        }
        catch (Exception e) when (DatastoreFailure.Is(e) && !ct.IsCancellationRequested)
        {
            await CompleteAsync(tenant, rule, started, DatastoreFailure.Describe(e), progress, ct);
        }
        catch (OperationCanceledException)
        {
            // Hand the rule back at once, so the resumed run need not wait for the lease to lapse.
            rule.LeasedUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The batches of one rule. On PostgreSQL 14 and later a batch is the range of pages that holds about the batch's
    /// size in rows (at least one page); elsewhere, and where Lethe computes values, a range of keys. The first batch has
    /// <see cref="RetentionOptions.BatchSize"/> rows, each next one the size <see cref="BatchSizer"/> makes of how long
    /// the last took. The checkpoint is saved after every batch that changed rows (an empty one may wait a second: doing
    /// it again after a crash changes nothing); it is a page or a key, whatever the size, so a resumed run may size its
    /// batches differently and still changes each row once.
    /// </summary>
    private async Task SweepAsync(
        Tenant tenant, RetentionTarget target, System.Data.Common.DbConnection connection, RetentionSql sql, IReadOnlyCollection<object> held,
        RetentionProgress rule, string? filesRoot, IProgress<RuleProgress>? progress, CancellationToken ct)
    {
        var pages = connection is Npgsql.NpgsqlConnection && sql.ByRange ? await RetentionBatch.LayoutAsync(connection, sql, ct) : null;
        // Batches Lethe reads into memory to compute their values stay smaller than those one statement changes.
        var sizer = BatchSizer.For(Options, sql.ByRange ? BatchSizer.RangeCeiling : BatchSizer.ReadCeiling);
        var size = Options.BatchSize;
        long remaining;
        object? lastDue = null;
        if (pages is null)
        {
            (remaining, lastDue) = await RetentionBatch.RemainingAsync(connection, sql.Remaining(rule.Cutoff, held), ct);
            if (remaining == 0)
            {
                return;
            }
        }
        else
        {
            // Counting would read the table once more; the planner's estimate is enough for a progress bar.
            remaining = await RetentionBatch.EstimateAsync(connection, sql.EstimateDue(rule.Cutoff, held), ct);
        }

        var hashKey = target.DeletesRows ? [] : await TenantSecrets.HashKeyAsync(db, tenant.Id, time, ct);
        async Task BeforeCommit(PendingBatch pending)
        {
            rule.Pending = pending.Write();
            await db.SaveChangesAsync(CancellationToken.None);
        }

        var after = rule.LastKey is null ? null : RowKeys.ReadOne(rule.LastKey);
        var saved = Stopwatch.GetTimestamp();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            // The batch's time from the injected clock, so that tests can make a batch slow or quick.
            var batchStarted = time.GetTimestamp();
            using var span = Telemetry.RetentionTelemetry.StartBatch();
            BatchResult batch;
            if (pages is { } layout)
            {
                var from = rule.NextPage ?? 0;
                var to = from + layout.PagesFor(size);
                batch = await RetentionBatch.PagesAsync(connection, target, sql, rule.Cutoff, from, to, layout.Pages, held, filesRoot, ct, BeforeCommit);
                rule.NextPage = to;
            }
            else
            {
                batch = await RetentionBatch.RunAsync(connection, target, sql, rule.Cutoff, after, held, size, hashKey, filesRoot, ct, lastDue, BeforeCommit);
                if (batch.Rows == 0 && batch.Last)
                {
                    return;
                }

                after = batch.LastKey;
                rule.LastKey = after is null ? null : RowKeys.WriteOne(after);
            }

            if (AfterDatastoreCommit is { } crash)
            {
                await crash(rule);
            }

            // The batch is committed: its checkpoint is written whatever happens to the caller's token.
            rule.Pending = null;
            var elapsed = time.GetElapsedTime(batchStarted);
            var batchSeconds = elapsed.TotalSeconds;
            rule.Batches++;
            rule.Files += batch.FilesRemoved;
            rule.Seconds += batchSeconds;
            if (target.DeletesRows)
            {
                rule.Deleted += batch.Rows;
            }
            else
            {
                rule.Anonymized += batch.Rows;
            }

            Telemetry.RetentionTelemetry.Committed(span, target.DeletesRows, connection, batch.Rows);
            remaining = Math.Max(0, remaining - batch.Rows);
            if (batch.Rows > 0 || batch.Last || Stopwatch.GetElapsedTime(saved) > TimeSpan.FromSeconds(1))
            {
                rule.LeasedUntil = time.GetUtcNow().UtcDateTime + Options.Lease;
                await db.SaveChangesAsync(CancellationToken.None);
                saved = Stopwatch.GetTimestamp();
            }

            progress?.Report(new RuleProgress(rule.Rule, rule.Collection, rule.Deleted + rule.Anonymized, remaining, rule.Seconds, false, null, batchSeconds, size));
            size = sizer.Next(size, batch.Rows, elapsed);
            if (batch.Last)
            {
                return;
            }
        }
    }

    /// <summary>Tests only: runs after a batch committed in its datastore and before its checkpoint, where a kill would fall.</summary>
    internal Func<RetentionProgress, Task>? AfterDatastoreCommit { get; set; }

    /// <summary>
    /// A batch written down before its datastore committed and never checkpointed (the process was killed between the
    /// two): counted into the report, its files removed and its checkpoint taken when it did commit; forgotten when not.
    /// </summary>
    private async Task SettleAsync(
        RetentionTarget target, System.Data.Common.DbConnection connection, RetentionSql sql, RetentionProgress rule, string? filesRoot, CancellationToken ct)
    {
        if (rule.Pending is not { } json)
        {
            return;
        }

        var pending = PendingBatch.Read(json);
        if (await RetentionBatch.CommittedAsync(connection, sql, rule.Cutoff, pending, ct))
        {
            rule.Batches++;
            if (target.DeletesRows)
            {
                rule.Deleted += pending.Rows;
            }
            else
            {
                rule.Anonymized += pending.Rows;
            }

            // The batch may have removed its files before the kill: every file of it no longer on disk counts as removed
            // (a file that was already missing when its row went is counted too; the rows are what the report must get right).
            var (_, left) = Connectors.DatastoreFiles.Remove(pending.Files, filesRoot);
            rule.Files += pending.Files.Distinct(StringComparer.Ordinal).Count() - left.Count;
            if (pending.FromPage is not null)
            {
                rule.NextPage = pending.ToPage;
            }
            else if (pending.UpTo is not null)
            {
                rule.LastKey = pending.UpTo;
            }
        }

        rule.Pending = null;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task RunOwnAsync(Tenant tenant, RetentionRun run, RetentionProgress rule, OwnDataRetention own, IProgress<RuleProgress>? progress, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var count = await own.ApplyAsync(db, tenant.Id, run.Day, Options, ct, storage.DataDirectory);
        if (own.Action == "delete")
        {
            rule.Deleted += count;
        }
        else
        {
            rule.Anonymized += count;
        }

        await CompleteAsync(tenant, rule, started, null, progress, ct);
    }

    private async Task CompleteAsync(Tenant tenant, RetentionProgress rule, long started, string? error, IProgress<RuleProgress>? progress, CancellationToken ct)
    {
        rule.Done = true;
        rule.Error = error;
        rule.LeasedUntil = null;
        rule.Seconds = Math.Max(rule.Seconds, Stopwatch.GetElapsedTime(started).TotalSeconds);
        await audit.SaveChangesAsync(new AuditEvent(Worker, error is null ? AuditActions.RetentionRuleDone : AuditActions.RetentionRuleFailed, tenant.Id,
            $"retention-run:{rule.RunId}", new Dictionary<string, string?>
            {
                ["rule"] = rule.Rule,
                ["collection"] = rule.Collection,
                ["action"] = rule.Action,
                ["cutoff"] = rule.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["deleted"] = rule.Deleted.ToString(CultureInfo.InvariantCulture),
                ["anonymized"] = rule.Anonymized.ToString(CultureInfo.InvariantCulture),
                ["held"] = rule.Held.ToString(CultureInfo.InvariantCulture),
                ["referenced"] = rule.Referenced.ToString(CultureInfo.InvariantCulture),
                ["files"] = rule.Files.ToString(CultureInfo.InvariantCulture),
                ["batches"] = rule.Batches.ToString(CultureInfo.InvariantCulture),
                ["seconds"] = rule.Seconds.ToString("0.###", CultureInfo.InvariantCulture),
                ["error"] = error,
            }), CancellationToken.None);
        progress?.Report(new RuleProgress(rule.Rule, rule.Collection, rule.Deleted + rule.Anonymized, 0, rule.Seconds, true, error));
        ct.ThrowIfCancellationRequested();
    }

    private async Task<bool> FinishAsync(Guid runId, CancellationToken ct)
    {
        var rules = await db.RetentionProgress.AsNoTracking().Where(p => p.RunId == runId).ToListAsync(ct);
        if (rules.Any(r => !r.Done))
        {
            return false;
        }

        // Decided under the audit lock: two servers working the same run may finish its last rules at once, and only
        // the first to get here closes it; the other reads the closed run and writes nothing.
        await audit.SaveChangesAsync(async c =>
        {
            var run = await db.RetentionRuns.SingleAsync(r => r.Id == runId, c);
            // The context may track the run from before the lock, with the values it had then.
            await db.Entry(run).ReloadAsync(c);
            if (run.FinishedAt is not null)
            {
                return [];
            }

            run.FinishedAt = time.GetUtcNow().UtcDateTime;
            run.OpenFor = null;
            run.Deleted = rules.Sum(r => r.Deleted);
            run.Anonymized = rules.Sum(r => r.Anonymized);
            run.Held = rules.Sum(r => r.Held);
            run.Errors = rules.Count(r => r.Error is not null);
            return [new AuditEvent(Worker, AuditActions.RetentionRunFinished, run.TenantId, $"retention-run:{run.Id}", new Dictionary<string, string?>
            {
                ["day"] = run.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["deleted"] = run.Deleted.ToString(CultureInfo.InvariantCulture),
                ["anonymized"] = run.Anonymized.ToString(CultureInfo.InvariantCulture),
                ["held"] = run.Held.ToString(CultureInfo.InvariantCulture),
                ["errors"] = run.Errors.ToString(CultureInfo.InvariantCulture),
            })];
        }, ct);
        return true;
    }
}
