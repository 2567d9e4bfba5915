using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Lethe.Execution;

/// <summary>One row the walk found: its collection, whether it is context (a parent) rather than the person's own, and its columns.</summary>
public readonly record struct FoundRow(string Collection, bool Context, IReadOnlyDictionary<string, object?> Values);

/// <summary>
/// Runs a <see cref="WalkPlan"/> read-only against one datastore; a read-only database user is enough. Rows are handed
/// on as they are read, so a person with a hundred thousand rows is streamed, not held: the runner keeps only each row's
/// key (to see it once) and the column values later steps join on.
/// </summary>
public static class WalkRunner
{
    /// <summary>Keys per statement; a person with more related rows takes several statements, never one unbounded one.</summary>
    public const int BatchSize = 5000;

    /// <returns>How many distinct rows were found per collection.</returns>
    public static async Task<IReadOnlyDictionary<string, int>> RunAsync(
        DbConnection connection, WalkPlan plan, IReadOnlyCollection<Identity> identities, Func<FoundRow, ValueTask> onRow, CancellationToken cancellationToken)
    {
        var postgres = connection is NpgsqlConnection;
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        // Per collection, the columns later steps join on and the values found in them.
        var joins = plan.Steps.Where(s => s.FromCollection is not null)
            .GroupBy(s => s.FromCollection!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.FromColumn!).Distinct(StringComparer.Ordinal)
                .ToDictionary(c => c, _ => new HashSet<object>(), StringComparer.Ordinal), StringComparer.Ordinal);

        // Steps that do not depend on each other go to the database together, one round trip for the lot.
        foreach (var group in Groups(plan.Steps))
        {
            var commands = new List<(WalkStep Step, string Sql, object? Keys)>();
            foreach (var step in group)
            {
                var sql = WalkSql.For(step, plan.Columns[step.Collection], postgres);
                if (step.Kind == StepKind.Identity)
                {
                    // No text column can hold a NUL (PostgreSQL refuses it outright), so such a value matches nothing.
                    if (!step.IdentityColumns.Any(c => identities.First(i => i.Type == c.IdentityType).Value.Contains('\0', StringComparison.Ordinal)))
                    {
                        commands.Add((step, sql, null));
                    }

                    continue;
                }

                var keys = joins.TryGetValue(step.FromCollection!, out var from) ? from[step.FromColumn!].ToList() : [];
                foreach (var batch in keys.Chunk(BatchSize))
                {
                    commands.Add((step, sql, postgres ? TypedArray(batch) : JsonSerializer.Serialize(batch)));
                }
            }

            if (commands.Count > 1 && connection.CanCreateBatch)
            {
                await using var batch = connection.CreateBatch();
                foreach (var (step, sql, keys) in commands)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = sql;
                    Parameters(command.CreateParameter, command.Parameters, step, keys, identities);
                    batch.BatchCommands.Add(command);
                }

                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                foreach (var (step, _, _) in commands)
                {
                    await ReadAsync(reader, step, plan, seen, joins, onRow, cancellationToken);
                    await reader.NextResultAsync(cancellationToken);
                }

                continue;
            }

            foreach (var (step, sql, keys) in commands)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                Parameters(command.CreateParameter, command.Parameters, step, keys, identities);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await ReadAsync(reader, step, plan, seen, joins, onRow, cancellationToken);
            }
        }

        return seen.ToDictionary(s => s.Key, s => s.Value.Count, StringComparer.Ordinal);
    }

    /// <summary>Runs the walk and keeps every row: for erasure and small answers, where the rows are needed together.</summary>
    public static async Task<WalkResult> CollectAsync(DbConnection connection, WalkPlan plan, IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, List<IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);
        var context = new HashSet<string>(StringComparer.Ordinal);
        await RunAsync(connection, plan, identities, row =>
        {
            if (!rows.TryGetValue(row.Collection, out var list))
            {
                rows[row.Collection] = list = [];
            }

            list.Add(row.Values);
            if (row.Context)
            {
                context.Add(row.Collection);
            }

            return ValueTask.CompletedTask;
        }, cancellationToken);
        return new WalkResult(rows.ToDictionary(r => r.Key, r => (IReadOnlyList<IReadOnlyDictionary<string, object?>>)r.Value, StringComparer.Ordinal), context);
    }

    /// <summary>Consecutive steps none of which starts from rows another of them finds.</summary>
    private static IEnumerable<List<WalkStep>> Groups(IReadOnlyList<WalkStep> steps)
    {
        var group = new List<WalkStep>();
        foreach (var step in steps)
        {
            if (step.FromCollection is { } from && group.Any(g => g.Collection == from))
            {
                yield return group;
                group = [];
            }

            group.Add(step);
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private static void Parameters(Func<DbParameter> create, DbParameterCollection parameters, WalkStep step, object? keys, IReadOnlyCollection<Identity> identities)
    {
        void Add(string name, object value)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value;
            parameters.Add(parameter);
        }

        if (step.Kind == StepKind.Identity)
        {
            foreach (var (_, type) in step.IdentityColumns)
            {
                Add("@" + type, identities.First(i => i.Type == type).Value);
            }
        }
        else
        {
            Add("@keys", keys!);
        }
    }

    private static async Task ReadAsync(
        DbDataReader reader, WalkStep step, WalkPlan plan, Dictionary<string, HashSet<string>> seen,
        Dictionary<string, Dictionary<string, HashSet<object>>> joins, Func<FoundRow, ValueTask> onRow, CancellationToken ct)
    {
        if (!seen.TryGetValue(step.Collection, out var keys))
        {
            seen[step.Collection] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        joins.TryGetValue(step.Collection, out var joinColumns);
        var keyColumn = plan.RowKeys.GetValueOrDefault(step.Collection, "id");
        while (await reader.ReadAsync(ct))
        {
            var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            // The same row reached twice (by e-mail and by phone) is one row.
            var key = row.GetValueOrDefault(keyColumn) is { } k ? Convert.ToString(k, CultureInfo.InvariantCulture)! : JsonSerializer.Serialize(row);
            if (!keys.Add(key))
            {
                continue;
            }

            if (joinColumns is not null)
            {
                foreach (var (column, values) in joinColumns)
                {
                    if (row.GetValueOrDefault(column) is { } value)
                    {
                        values.Add(value);
                    }
                }
            }

            await onRow(new FoundRow(step.Collection, step.Kind == StepKind.Parent, row));
        }
    }

    /// <summary>PostgreSQL compares <c>= ANY()</c> against a typed array; keys read back as long, int, Guid or string.</summary>
    internal static object TypedArray(IReadOnlyCollection<object> keys) => keys switch
    {
        _ when keys.All(k => k is long) => keys.Cast<long>().ToArray(),
        _ when keys.All(k => k is int) => keys.Cast<int>().ToArray(),
        _ when keys.All(k => k is Guid) => keys.Cast<Guid>().ToArray(),
        _ => keys.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)!).ToArray(),
    };
}
