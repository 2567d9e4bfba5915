using System.Data.Common;
using Lethe.Execution;

namespace Lethe.Retention;

/// <summary>
/// What one batch did: rows deleted or anonymized, the last key it reached, the files of deleted rows, and whether it was
/// the last batch (no due row is left after it).
/// </summary>
public sealed record BatchResult(int Rows, object? LastKey, int FilesRemoved, IReadOnlyList<string> FilesLeft, bool Last)
{
    public static BatchResult Nothing(object? lastKey) => new(0, lastKey, 0, [], true);
}

/// <summary>
/// Runs one batch of a retention rule in its own short transaction: read the next due keys (locked on PostgreSQL), delete
/// or anonymize exactly those rows, commit, then remove the files of deleted rows. A batch that fails or is cancelled
/// before its commit leaves every row as it was; each row is changed by one statement, so none is ever half anonymized.
/// </summary>
public static class RetentionBatch
{
    public static async Task<BatchResult> RunAsync(
        DbConnection connection, RetentionTarget target, RetentionSql sql, DateOnly cutoff, object? after, IReadOnlyCollection<object> held,
        int size, byte[] hashKey, string? filesRoot, CancellationToken cancellationToken, object? lastDue = null, Func<PendingBatch, Task>? beforeCommit = null)
    {
        if (sql.ByRange)
        {
            return await RangeAsync(connection, target, sql, cutoff, after, held, size, filesRoot, lastDue, beforeCommit, cancellationToken);
        }

        var keys = new List<object>();
        var files = new List<string>();
        var computed = new List<IReadOnlyDictionary<string, object?>>();
        var inLethe = sql.ComputedInLethe().ToList();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = Command(connection, transaction, sql.NextBatch(cutoff, after, held, size)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetValue(reader.GetOrdinal(target.KeyColumn)));
                foreach (var column in target.FileColumns)
                {
                    if (reader.GetValue(reader.GetOrdinal(column)) is string path && path.Length > 0)
                    {
                        files.Add(path);
                    }
                }

                if (inLethe.Count > 0)
                {
                    var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var field in inLethe)
                    {
                        var current = reader.GetValue(reader.GetOrdinal(field.Name)) is var v && v is DBNull ? null : v;
                        var erased = ErasureStrategy.Apply(field.Erasure!, current, field.Replacement, hashKey);
                        values[field.Name] = erased.Changes ? erased.Value : current;
                    }

                    computed.Add(values);
                }
            }
        }

        if (keys.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return BatchResult.Nothing(after);
        }

        foreach (var statement in sql.Anonymize(keys, computed))
        {
            await using var command = Command(connection, transaction, statement);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await Pending(beforeCommit, transaction, new PendingBatch(Key(after), Key(keys[^1]), null, null, keys.Count, files, Keys(held), null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var (removed, left) = Connectors.DatastoreFiles.Remove(files, filesRoot);
        return new BatchResult(keys.Count, keys[^1], removed, left, keys.Count < size);
    }

    /// <summary>
    /// A batch as a range of keys: find where the batch ends (<paramref name="size"/> keys on, when the last due key is
    /// known; else the <paramref name="size"/>-th due row), then change every due row up to it with one statement — a
    /// range scan of the key, about as cheap per row as one statement over the whole table.
    /// </summary>
    private static async Task<BatchResult> RangeAsync(
        DbConnection connection, RetentionTarget target, RetentionSql sql, DateOnly cutoff, object? after, IReadOnlyCollection<object> held,
        int size, string? filesRoot, object? lastDue, Func<PendingBatch, Task>? beforeCommit, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        object? upTo;
        await using (var find = Command(connection, transaction, lastDue is null ? sql.RangeEnd(cutoff, after, held, size) : sql.RangeEnd(after, lastDue, size)))
        {
            upTo = await find.ExecuteScalarAsync(cancellationToken) is { } end and not DBNull ? end : null;
        }

        // With the last due key known, the batch that reaches it is the last one.
        var last = upTo is null || (lastDue is not null && Equals(upTo, lastDue));
        upTo ??= lastDue;

        var rows = await ChangeAsync(connection, transaction, target, sql.ChangeRange(cutoff, after, upTo, held), files, cancellationToken);
        await Pending(beforeCommit, transaction, new PendingBatch(Key(after), Key(upTo), null, null, rows, files, Keys(held), null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var (removed, left) = Connectors.DatastoreFiles.Remove(files, filesRoot);
        return new BatchResult(rows, upTo ?? after, removed, left, last);
    }

    /// <summary>
    /// PostgreSQL: a batch as a range of the table's pages, changed by one statement that scans those pages alone. The
    /// caller keeps the page to go on from; <see cref="BatchResult.Last"/> says the range reached <paramref name="end"/>.
    /// </summary>
    public static async Task<BatchResult> PagesAsync(
        DbConnection connection, RetentionTarget target, RetentionSql sql, DateOnly cutoff, long from, long to, long end, IReadOnlyCollection<object> held,
        string? filesRoot, CancellationToken cancellationToken, Func<PendingBatch, Task>? beforeCommit = null)
    {
        var files = new List<string>();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await ChangeAsync(connection, transaction, target, sql.ChangePages(cutoff, from, to, held), files, cancellationToken);
        await Pending(beforeCommit, transaction, new PendingBatch(null, null, from, to, rows, files, Keys(held), null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var (removed, left) = Connectors.DatastoreFiles.Remove(files, filesRoot);
        return new BatchResult(rows, null, removed, left, to >= end);
    }

    /// <summary>Writes the batch down in Lethe before the datastore commits it; a batch that changed nothing needs no settling.</summary>
    private static async Task Pending(Func<PendingBatch, Task>? beforeCommit, DbTransaction transaction, PendingBatch batch, CancellationToken cancellationToken)
    {
        if (beforeCommit is null || batch.Rows == 0)
        {
            return;
        }

        if (transaction.Connection is Npgsql.NpgsqlConnection postgres)
        {
            await using var xid = new Npgsql.NpgsqlCommand("SELECT txid_current()", postgres, (Npgsql.NpgsqlTransaction)transaction);
            batch = batch with { Transaction = Convert.ToInt64(await xid.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) };
        }

        await beforeCommit(batch);
    }

    private static string? Key(object? key) => key is null ? null : Execution.RowKeys.WriteOne(key);

    private static List<string> Keys(IReadOnlyCollection<object> keys) => keys.Select(Execution.RowKeys.WriteOne).ToList();

    /// <summary>
    /// Whether a pending batch committed. PostgreSQL knows its transaction's fate; elsewhere nothing in the batch's range
    /// is still due, reckoned with the holds the batch saw.
    /// </summary>
    /// <exception cref="Connectors.DatastoreProblem">The batch's transaction is still running (a worker thought dead is not).</exception>
    public static async Task<bool> CommittedAsync(DbConnection connection, RetentionSql sql, DateOnly cutoff, PendingBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Transaction is { } xid && connection is Npgsql.NpgsqlConnection postgres)
        {
            await using var status = new Npgsql.NpgsqlCommand("SELECT txid_status(@xid)", postgres);
            status.Parameters.AddWithValue("xid", xid);
            switch (await status.ExecuteScalarAsync(cancellationToken))
            {
                case "committed":
                    return true;
                case "aborted":
                    return false;
                case "in progress":
                    throw new Connectors.DatastoreProblem("a batch of an earlier worker is still running in the datastore; the rule is left for the next run");
            }

            // Too old for the server to remember: judged by its range as on SQLite.
        }

        var held = batch.Held.Select(Execution.RowKeys.ReadOne).ToList();
        var count = batch.FromPage is { } from
            ? sql.CountPages(cutoff, from, batch.ToPage!.Value, held)
            : sql.CountRange(cutoff, batch.After is null ? null : Execution.RowKeys.ReadOne(batch.After), batch.UpTo is null ? null : Execution.RowKeys.ReadOne(batch.UpTo), held);
        return await CountAsync(connection, count, cancellationToken) == 0;
    }

    /// <summary>Runs a delete or an update; counts the rows and collects the files a delete returns.</summary>
    private static async Task<int> ChangeAsync(
        DbConnection connection, DbTransaction transaction, RetentionTarget target, SqlStatement statement, List<string> files, CancellationToken cancellationToken)
    {
        await using var change = Command(connection, transaction, statement);
        if (target.FileColumns.Count == 0)
        {
            return await change.ExecuteNonQueryAsync(cancellationToken);
        }

        var rows = 0;
        await using var reader = await change.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetValue(i) is string path && path.Length > 0)
                {
                    files.Add(path);
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// PostgreSQL 14 or later: the table's pages now and its rows per page as the statistics have them; null where page
    /// ranges cannot be used (an older server, a table the statistics know nothing of).
    /// </summary>
    public static async Task<PageLayout?> LayoutAsync(DbConnection connection, RetentionSql sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql.Pages());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0) || reader.GetInt32(3) < 140000)
        {
            return null;
        }

        var (pages, tuples, statedPages) = (reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2));
        var perPage = tuples > 0 && statedPages > 0 ? tuples / statedPages : 0;
        return perPage <= 0 ? null : new PageLayout(pages, perPage);
    }

    /// <summary>The planner's estimate of a query's rows, from <c>EXPLAIN (FORMAT JSON)</c>.</summary>
    public static async Task<long> EstimateAsync(DbConnection connection, SqlStatement explain, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, explain);
        var json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        using var plan = System.Text.Json.JsonDocument.Parse(json);
        return (long)plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }

    /// <summary>The count and the last key of <see cref="RetentionSql.Remaining"/>.</summary>
    public static async Task<(long Count, object? LastKey)> RemainingAsync(DbConnection connection, SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, statement);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetValue(1));
    }

    /// <summary>Due rows held back: by a hold on a person or an open request, or because rows the law keeps point at them.</summary>
    public static async Task<long> HeldAsync(DbConnection connection, RetentionSql sql, DateOnly cutoff, IReadOnlyCollection<object> held, CancellationToken cancellationToken) =>
        await CountAsync(connection, sql.CountHeld(cutoff, held), cancellationToken) + await CountAsync(connection, sql.CountHeldByLaw(cutoff, held), cancellationToken);

    /// <summary>A single number from a count statement.</summary>
    public static async Task<long> CountAsync(DbConnection connection, SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, statement);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, SqlStatement statement)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement.Sql;
        foreach (var (name, value) in statement.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
