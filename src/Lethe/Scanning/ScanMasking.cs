using System.Data.Common;
using System.Globalization;
using System.Text;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lethe.Scanning;

/// <summary>What a masking job did, or would do in a dry run: rows and matches in the finding's column.</summary>
public sealed record MaskOutcome(Guid Finding, string Datastore, string Table, string Column, DetectorKind Kind, long Rows, long Matches, bool DryRun);

/// <summary>
/// Turns a finding into a masking job: every match of the finding's kind, at its confidence or surer, in its column is
/// replaced in place by a fixed mark (<c>[cpr removed]</c>), the rest of the text kept. A dry run counts and changes
/// nothing. The run goes in batches, each one transaction; each row is changed only if it still holds the text read,
/// so a row changed meanwhile is left for the next run, and a run again changes nothing more. Audited with counts only.
/// </summary>
public sealed class ScanMasking(LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, DatastoreConnections connections, Detectors detectors)
{
    public const int BatchRows = 1000;

    /// <summary>The mark a match is replaced with; the same in every language, as it is stored in the company's database.</summary>
    public static string Mark(DetectorKind kind) => $"[{kind.ToWire()} removed]";

    public async Task<Outcome<MaskOutcome>> MaskAsync(Tenant tenant, AuditActor actor, Guid runId, Guid findingId, bool dryRun, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.ScanFindings.AsNoTracking().SingleOrDefaultAsync(f => f.Id == findingId && f.RunId == runId, ct) is not { } finding)
        {
            return new NotFound("Finding", findingId.ToString());
        }

        if (await dataMap.CurrentManifestAsync(tenant, ct) is not { } manifest || manifest.FindDatastore(finding.Datastore) is not { } store)
        {
            return new Conflict(Texts.Fill(Texts.Get("error.scan.datastore_gone", "en"), new Dictionary<string, string> { ["datastore"] = finding.Datastore }));
        }

        var references = await connections.ForTenantAsync(db, tenant.Id, ct);
        long rows = 0, matches = 0;
        try
        {
            var connectionString = references.ConnectionString(store.Connection, finding.Datastore);
            await using var connection = await references.OpenAsync(store, finding.Datastore, connectionString, ct);
            var target = (await ScanCatalogue.ReadAsync(connection, ct)).FirstOrDefault(t => t.Table == finding.Table && t.TextColumns.Contains(finding.Column));
            if (target is null)
            {
                return new Conflict(Texts.Fill(Texts.Get("error.scan.column_gone", "en"),
                    new Dictionary<string, string> { ["column"] = $"{finding.Table}.{finding.Column}", ["datastore"] = finding.Datastore }));
            }

            var postgres = connection is NpgsqlConnection;
            if (postgres && target.KeyColumns.Count == 0)
            {
                return new Conflict(Texts.Fill(Texts.Get("error.scan.no_primary_key", "en"), new Dictionary<string, string> { ["table"] = finding.Table }));
            }

            (rows, matches) = await RunAsync(connection, target with { TextColumns = [finding.Column] }, finding, dryRun, ct);
        }
        catch (Exception e) when (DatastoreFailure.Is(e))
        {
            return new Unavailable($"{finding.Datastore}: {DatastoreFailure.Describe(e)}");
        }

        var outcome = new MaskOutcome(finding.Id, finding.Datastore, finding.Table, finding.Column, finding.Kind, rows, matches, dryRun);
        if (!dryRun)
        {
            await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.ScanMasked, tenant.Id, $"scan-finding:{finding.Id}", new Dictionary<string, string?>
            {
                ["datastore"] = finding.Datastore,
                ["column"] = $"{finding.Table}.{finding.Column}",
                ["kind"] = finding.Kind.ToWire(),
                ["rows"] = rows.ToString(CultureInfo.InvariantCulture),
                ["matches"] = matches.ToString(CultureInfo.InvariantCulture),
            }), ct);
        }

        return outcome;
    }

    private async Task<(long Rows, long Matches)> RunAsync(DbConnection connection, ScanTarget target, ScanFinding finding, bool dryRun, CancellationToken ct)
    {
        var postgres = connection is NpgsqlConnection;
        long rows = 0, matches = 0;
        string? checkpoint = null;
        var done = false;
        while (!done)
        {
            var changes = new List<(object?[] Key, string Old, string New)>();
            long? nextPage = null;
            await using (var read = connection.CreateCommand())
            {
                read.CommandTimeout = 0;
                var keys = postgres ? target.KeyColumns.Count : 1;
                if (postgres)
                {
                    var from = checkpoint is null ? 0 : long.Parse(checkpoint, CultureInfo.InvariantCulture);
                    var perPage = target.EstimatedRows is > 0 && target.Pages > 0 ? (double)target.EstimatedRows.Value / target.Pages : 0;
                    var to = from + (perPage > 0 ? Math.Max(1, (long)Math.Ceiling(BatchRows / perPage)) : 16);
                    done = to >= target.Pages;
                    read.CommandText = ScanSql.PostgresPages(target, from, done ? null : to);
                    nextPage = to;
                }
                else
                {
                    read.CommandText = ScanSql.SqliteNext(target);
                    Add(read, "@after", checkpoint is null ? long.MinValue : long.Parse(checkpoint, CultureInfo.InvariantCulture));
                    Add(read, "@take", BatchRows);
                }

                var count = 0;
                long lastRowid = 0;
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    count++;
                    // SQLite's rows are changed by rowid (read first); PostgreSQL's by their primary key.
                    var key = postgres ? Enumerable.Range(0, keys).Select(reader.GetValue).ToArray() : [reader.GetInt64(0)];
                    lastRowid = postgres ? 0 : reader.GetInt64(0);
                    var column = postgres ? keys : 1 + Math.Max(1, target.KeyColumns.Count);
                    if (reader.IsDBNull(column) || reader.GetValue(column) is not string text)
                    {
                        continue;
                    }

                    if (Masked(text, finding) is { } masked)
                    {
                        changes.Add((key, text, masked.Text));
                        matches += masked.Matches;
                    }
                }

                if (!postgres)
                {
                    done = count < BatchRows;
                    checkpoint = lastRowid.ToString(CultureInfo.InvariantCulture);
                }
            }

            if (postgres)
            {
                checkpoint = nextPage?.ToString(CultureInfo.InvariantCulture);
            }

            rows += dryRun ? changes.Count : await ApplyAsync(connection, target, finding.Column, changes, ct);
        }

        return (rows, matches);
    }

    /// <summary>The text with every match of the finding's kind (at its confidence or surer) replaced by the mark; null when there is none.</summary>
    private (string Text, int Matches)? Masked(string text, ScanFinding finding)
    {
        var spans = detectors.Find(text).Where(d => d.Kind == finding.Kind && d.Confidence >= finding.Confidence).ToList();
        if (spans.Count == 0)
        {
            return null;
        }

        var masked = new StringBuilder(text.Length);
        var at = 0;
        var count = 0;
        foreach (var span in spans.Where(s => s.Start >= 0 && s.End <= text.Length))
        {
            // Detections come in order of their start; one inside a span already masked is gone with it.
            if (span.Start < at)
            {
                continue;
            }

            masked.Append(text, at, span.Start - at).Append(Mark(finding.Kind));
            at = span.End;
            count++;
        }

        masked.Append(text, at, text.Length - at);
        return (masked.ToString(), count);
    }

    private static async Task<long> ApplyAsync(DbConnection connection, ScanTarget target, string column, List<(object?[] Key, string Old, string New)> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return 0;
        }

        var postgres = connection is NpgsqlConnection;
        var keys = postgres ? target.KeyColumns.Select(ScanSql.Quote).ToList() : ["rowid"];
        var sql = $"UPDATE {ScanSql.Quote(target.Table)} SET {ScanSql.Quote(column)} = @new WHERE "
                  + string.Join(" AND ", keys.Select((k, i) => $"{k} = @k{i}")) + $" AND {ScanSql.Quote(column)} = @old";
        long changed = 0;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (key, old, text) in changes)
        {
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = sql;
            Add(update, "@new", text);
            Add(update, "@old", old);
            for (var i = 0; i < key.Length; i++)
            {
                Add(update, $"@k{i}", key[i] ?? DBNull.Value);
            }

            changed += await update.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return changed;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
