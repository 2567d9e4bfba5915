using System.Data.Common;
using Lethe.Execution;

namespace Lethe.Retention;

/// <summary>What one batch did: rows deleted or anonymized, the last key it reached, and the files of deleted rows.</summary>
public sealed record BatchResult(int Rows, object? LastKey, int FilesRemoved, IReadOnlyList<string> FilesLeft)
{
    public static BatchResult Nothing(object? lastKey) => new(0, lastKey, 0, []);
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
        int size, byte[] hashKey, string? filesRoot, CancellationToken cancellationToken)
    {
        if (sql.OneStatement)
        {
            return await OneStatementAsync(connection, target, sql.Batch(cutoff, after, held, size), after, filesRoot, cancellationToken);
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

        var statements = target.DeletesRows ? [sql.Delete(keys)] : sql.Anonymize(keys, computed);
        foreach (var statement in statements)
        {
            await using var command = Command(connection, transaction, statement);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var (removed, left) = Connectors.DatastoreFiles.Remove(files, filesRoot);
        return new BatchResult(keys.Count, keys[^1], removed, left);
    }

    private static async Task<BatchResult> OneStatementAsync(
        DbConnection connection, RetentionTarget target, SqlStatement statement, object? after, string? filesRoot, CancellationToken cancellationToken)
    {
        var keys = new List<object>();
        var files = new List<string>();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = Command(connection, transaction, statement))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetValue(0));
                foreach (var column in target.FileColumns)
                {
                    if (reader.GetValue(reader.GetOrdinal(column)) is string path && path.Length > 0)
                    {
                        files.Add(path);
                    }
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        if (keys.Count == 0)
        {
            return BatchResult.Nothing(after);
        }

        var (removed, left) = Connectors.DatastoreFiles.Remove(files, filesRoot);
        // PostgreSQL returns the keys in order; SQLite's RETURNING has no order, and its keys compare as numbers or as text.
        var last = connection is Npgsql.NpgsqlConnection ? keys[^1] : keys.Max(KeyOrder.Instance)!;
        return new BatchResult(keys.Count, last, removed, left);
    }

    /// <summary>SQLite's order of key values: numbers by value, text by bytes.</summary>
    private sealed class KeyOrder : IComparer<object>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(object? x, object? y) => (x, y) switch
        {
            (long a, long b) => a.CompareTo(b),
            (IConvertible a, IConvertible b) when a is not string && b is not string =>
                Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture)),
            _ => string.CompareOrdinal(Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(y, System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>A single number from a count statement.</summary>
    public static async Task<long> CountAsync(DbConnection connection, SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, statement);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, SqlStatement statement)
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
