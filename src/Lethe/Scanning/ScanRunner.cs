using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Scanning;

/// <summary>
/// Starts and carries out scans. Starting reads each datastore's catalogue and writes a row per table with text columns;
/// working leases the tables one at a time to as many workers as the run allows, each reading its table in batches and
/// saving the findings and the checkpoint after every batch — so a stopped scan, resumed, ends with the same totals.
/// </summary>
public sealed class ScanRunner(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, DatastoreConnections connections, Detectors detectors,
    IServiceScopeFactory scopes)
{
    /// <summary>How long a worker holds a table without a checkpoint before another may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static readonly AuditActor Worker = new("system", null, "lethe scan");

    /// <summary>A new scan of the tenant's SQL datastores, with a row per table to read; a datastore that cannot be read is recorded as such.</summary>
    public async Task<Outcome<ScanRun>> StartAsync(Tenant tenant, AuditActor actor, ScanInput input, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await dataMap.CurrentManifestAsync(tenant, ct) is not { } manifest)
        {
            return new NotFound("Data map", tenant.Slug);
        }

        var stores = input.Datastores(manifest);
        if (!stores.Succeeded)
        {
            return stores.Failure;
        }

        var run = new ScanRun
        {
            TenantId = tenant.Id, StartedAt = time.GetUtcNow().UtcDateTime, StartedBy = actor.Name ?? actor.Kind, Datastore = input.Datastore,
            Sample = input.Sample, Parallel = input.Parallel,
        };
        db.ScanRuns.Add(run);
        var references = await connections.ForTenantAsync(db, tenant.Id, ct);
        foreach (var (name, store) in stores.Value)
        {
            try
            {
                var connectionString = references.ConnectionString(store.Connection, name);
                await using var connection = await references.OpenAsync(store, name, connectionString, ct);
                foreach (var target in await ScanCatalogue.ReadAsync(connection, ct))
                {
                    db.ScanTables.Add(new ScanTable { RunId = run.Id, TenantId = tenant.Id, Datastore = name, Table = target.Table, EstimatedRows = target.EstimatedRows });
                }
            }
            catch (Exception e) when (DatastoreFailure.Is(e))
            {
                db.ScanTables.Add(new ScanTable { RunId = run.Id, TenantId = tenant.Id, Datastore = name, Table = "", Done = true, Error = Shorten(DatastoreFailure.Describe(e)) });
            }
        }

        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.ScanStarted, tenant.Id, $"scan:{run.Id}", new Dictionary<string, string?>
        {
            ["datastore"] = run.Datastore,
            ["sample"] = run.Sample?.ToString(CultureInfo.InvariantCulture),
            ["parallel"] = run.Parallel.ToString(CultureInfo.InvariantCulture),
        }), ct);
        return run;
    }

    /// <summary>The tenant's newest scan that has not finished, to resume.</summary>
    public async Task<ScanRun?> UnfinishedAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.ScanRuns.AsNoTracking().Where(r => r.FinishedAt == null).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<ScanTable>> TablesAsync(Guid runId, CancellationToken ct) =>
        await db.ScanTables.IgnoreQueryFilters().AsNoTracking().Where(t => t.RunId == runId).OrderBy(t => t.Datastore).ThenBy(t => t.Table).ToListAsync(ct);

    /// <summary>
    /// Reads the run's tables that no other worker holds, as many at once as the run allows, until none is left; then
    /// closes the run if every table is done. Cancelling stops at once: each table keeps its last checkpoint.
    /// </summary>
    /// <returns>Whether the run is finished.</returns>
    public async Task<bool> WorkAsync(Guid runId, IProgress<ScanProgress>? progress, CancellationToken ct)
    {
        var run = await db.ScanRuns.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == runId, ct);
        scope.Enter(run.TenantId);
        var workers = Enumerable.Range(0, run.Parallel).Select(async _ =>
        {
            // Each worker has its own unit of work: a DbContext serves one caller at a time.
            await using var own = scopes.CreateAsyncScope();
            await own.ServiceProvider.GetRequiredService<ScanRunner>().WorkTablesAsync(run, progress, ct);
        });
        await Task.WhenAll(workers);
        return await FinishAsync(runId, ct);
    }

    private async Task WorkTablesAsync(ScanRun run, IProgress<ScanProgress>? progress, CancellationToken ct)
    {
        scope.Enter(run.TenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == run.TenantId, ct);
        var manifest = await dataMap.CurrentManifestAsync(tenant, ct);
        var references = await connections.ForTenantAsync(db, tenant.Id, ct);
        while (await ClaimAsync(run.Id, ct) is { } table)
        {
            try
            {
                await ScanTableAsync(run, manifest, references, table, progress, ct);
            }
            finally
            {
                // Stopped or done, the table is free again at once: a resumed scan need not wait for the lease to lapse.
                await db.ScanTables.Where(t => t.Id == table.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LeasedUntil, (DateTime?)null), CancellationToken.None);
            }
        }
    }

    private async Task<ScanTable?> ClaimAsync(Guid runId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // By name, not id: ids made in the same millisecond sort at random, and an operator follows a scan table by table.
        var candidates = await db.ScanTables.AsNoTracking()
            .Where(t => t.RunId == runId && !t.Done && (t.LeasedUntil == null || t.LeasedUntil < now)).OrderBy(t => t.Datastore).ThenBy(t => t.Table).Select(t => t.Id).ToListAsync(ct);
        foreach (var id in candidates)
        {
            // A conditional update: of two workers that race for a table, exactly one sees its row changed.
            var claimed = await db.ScanTables
                .Where(t => t.Id == id && !t.Done && (t.LeasedUntil == null || t.LeasedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.LeasedUntil, now + Lease), ct);
            if (claimed == 1)
            {
                return await db.ScanTables.SingleAsync(t => t.Id == id, ct);
            }
        }

        return null;
    }

    private async Task ScanTableAsync(ScanRun run, Manifest? manifest, TenantConnections references, ScanTable table, IProgress<ScanProgress>? progress, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var seconds = table.Seconds;
        var tally = new FindingTally(detectors);
        var findings = await db.ScanFindings.Where(f => f.RunId == run.Id && f.Datastore == table.Datastore && f.Table == table.Table).ToListAsync(ct);
        foreach (var f in findings)
        {
            tally.Restore(f.Column, f.Kind, f.Confidence, f.Matches, f.Rows, JsonSerializer.Deserialize<List<string>>(f.ExampleKeys) ?? []);
        }

        try
        {
            var store = manifest?.FindDatastore(table.Datastore)
                        ?? throw new DatastoreProblem(DatastoreMessages.NotInDataMap(table.Datastore));
            var connectionString = references.ConnectionString(store.Connection, table.Datastore);
            await using var connection = await references.OpenAsync(store, table.Datastore, connectionString, ct);
            var target = (await ScanCatalogue.ReadAsync(connection, ct)).FirstOrDefault(t => t.Table == table.Table)
                         ?? throw new DatastoreProblem(DatastoreMessages.TableGone(table.Table, table.Datastore));
            var reader = new TableReader(connection, target, tally);
            var collection = store.Collections.FirstOrDefault(c => string.Equals(c.Name, table.Table, StringComparison.OrdinalIgnoreCase));
            while (!table.Done)
            {
                var batch = await reader.NextAsync(table.Checkpoint, run.Sample, ct);
                table.Rows += batch.Rows;
                table.Bytes += batch.Bytes;
                table.Checkpoint = batch.Checkpoint;
                table.Done = batch.Last;
                table.Seconds = seconds + Stopwatch.GetElapsedTime(started).TotalSeconds;
                table.LeasedUntil = time.GetUtcNow().UtcDateTime + Lease;
                Record(run, table, collection, tally, findings);
                // The findings and the checkpoint they reach are saved together: a resumed scan counts no row twice.
                await db.SaveChangesAsync(ct);
                progress?.Report(new ScanProgress(table.Datastore, table.Table, table.Rows, table.Bytes, table.EstimatedRows, table.Seconds, table.Done, null));
            }
        }
        catch (Exception e) when (DatastoreFailure.Is(e) && !ct.IsCancellationRequested)
        {
            // What was read before the failure stays out: only what a checkpoint reaches is saved.
            db.ChangeTracker.Clear();
            var error = Shorten(DatastoreFailure.Describe(e));
            await db.ScanTables.Where(t => t.Id == table.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Done, true).SetProperty(t => t.Error, error), ct);
            progress?.Report(new ScanProgress(table.Datastore, table.Table, table.Rows, table.Bytes, table.EstimatedRows, table.Seconds, true, error));
        }
    }

    private void Record(ScanRun run, ScanTable table, Collection? collection, FindingTally tally, List<ScanFinding> findings)
    {
        foreach (var ((column, kind, confidence), entry) in tally.Entries)
        {
            var finding = findings.FirstOrDefault(f => f.Column == column && f.Kind == kind && f.Confidence == confidence);
            if (finding is null)
            {
                var field = collection?.Fields.FirstOrDefault(f => string.Equals(f.Name, column, StringComparison.OrdinalIgnoreCase));
                finding = new ScanFinding
                {
                    RunId = run.Id, TenantId = run.TenantId, Datastore = table.Datastore, Table = table.Table, Column = column, Kind = kind, Confidence = confidence,
                    Described = field is not null, Category = field?.Category,
                };
                findings.Add(finding);
                db.ScanFindings.Add(finding);
            }

            finding.Matches = entry.Matches;
            finding.Rows = entry.Rows;
            finding.ExampleKeys = JsonSerializer.Serialize(entry.Keys);
        }
    }

    private async Task<bool> FinishAsync(Guid runId, CancellationToken ct)
    {
        var tables = await db.ScanTables.AsNoTracking().Where(t => t.RunId == runId).ToListAsync(ct);
        if (tables.Any(t => !t.Done))
        {
            return false;
        }

        var run = await db.ScanRuns.SingleAsync(r => r.Id == runId, ct);
        if (run.FinishedAt is not null)
        {
            return true;
        }

        run.FinishedAt = time.GetUtcNow().UtcDateTime;
        run.Rows = tables.Sum(t => t.Rows);
        run.Bytes = tables.Sum(t => t.Bytes);
        run.Errors = tables.Count(t => t.Error is not null);
        var findings = await db.ScanFindings.AsNoTracking().Where(f => f.RunId == runId).CountAsync(ct);
        await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.ScanFinished, run.TenantId, $"scan:{run.Id}", new Dictionary<string, string?>
        {
            ["tables"] = tables.Count(t => t.Table.Length > 0).ToString(CultureInfo.InvariantCulture),
            ["rows"] = run.Rows.ToString(CultureInfo.InvariantCulture),
            ["findings"] = findings.ToString(CultureInfo.InvariantCulture),
            ["errors"] = run.Errors.ToString(CultureInfo.InvariantCulture),
        }), ct);
        return true;
    }

    private static string Shorten(string text) => text.Length > 1000 ? text[..999] + "…" : text;
}
