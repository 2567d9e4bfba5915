using System.Data.Common;
using System.Text.Json;
using Npgsql;

namespace Lethe.Execution;

/// <summary>The rows a walk found, per collection, each row as column → value.</summary>
public sealed record WalkResult(IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Rows)
{
    public int Count => Rows.Values.Sum(r => r.Count);
}

/// <summary>Runs a <see cref="WalkPlan"/> read-only against one datastore; a read-only database user is enough.</summary>
public static class WalkRunner
{
    /// <summary>Keys per statement; a person with more related rows takes several statements, never one unbounded one.</summary>
    public const int BatchSize = 5000;

    public static async Task<WalkResult> RunAsync(DbConnection connection, WalkPlan plan, IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken)
    {
        var postgres = connection is NpgsqlConnection;
        var found = new Dictionary<string, Dictionary<string, IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);
        foreach (var step in plan.Steps)
        {
            var sql = WalkSql.For(step, postgres);
            if (step.Kind == StepKind.Identity)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (_, type) in step.IdentityColumns)
                {
                    Add(command, "@" + type, identities.First(i => i.Type == type).Value);
                }

                await ReadAsync(command, step.Collection, found, cancellationToken);
                continue;
            }

            var keys = found.TryGetValue(step.FromCollection!, out var from)
                ? from.Values.Select(r => r.GetValueOrDefault(step.FromColumn!)).Where(v => v is not null and not DBNull).Distinct().ToList()
                : [];
            foreach (var batch in keys.Chunk(BatchSize))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                Add(command, "@keys", postgres ? TypedArray(batch!) : JsonSerializer.Serialize(batch));
                await ReadAsync(command, step.Collection, found, cancellationToken);
            }
        }

        return new WalkResult(found.ToDictionary(
            c => c.Key, c => (IReadOnlyList<IReadOnlyDictionary<string, object?>>)c.Value.Values.ToList(), StringComparer.Ordinal));
    }

    private static async Task ReadAsync(
        DbCommand command, string collection, Dictionary<string, Dictionary<string, IReadOnlyDictionary<string, object?>>> found, CancellationToken ct)
    {
        if (!found.TryGetValue(collection, out var rows))
        {
            rows = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
            found[collection] = rows;
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            // The same row reached twice (by e-mail and by phone) is one row.
            rows.TryAdd(row.TryGetValue("id", out var id) && id is not null ? Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)! : JsonSerializer.Serialize(row), row);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    // PostgreSQL compares = ANY() against a typed array; keys read back as long, int, Guid or string.
    private static object TypedArray(object[] keys) => keys switch
    {
        _ when keys.All(k => k is long) => keys.Cast<long>().ToArray(),
        _ when keys.All(k => k is int) => keys.Cast<int>().ToArray(),
        _ when keys.All(k => k is Guid) => keys.Cast<Guid>().ToArray(),
        _ => keys.Select(k => Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)!).ToArray(),
    };
}
