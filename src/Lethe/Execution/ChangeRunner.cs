using System.Data.Common;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Lethe.Execution;

/// <summary>
/// Applies a <see cref="ChangePlan"/> to one datastore in one transaction: every change or none. On PostgreSQL the
/// statements go in one batch, which is its own transaction, in one round trip; identifiers are quoted, values are parameters.
/// </summary>
public static class ChangeRunner
{
    /// <returns>The rows the datastore reports as changed, and per collection deleted by reference how many rows went.</returns>
    public static async Task<(int Rows, IReadOnlyList<(string Collection, int Rows)> ByReference)> ApplyAsync(
        DbConnection connection, ChangePlan plan, CancellationToken cancellationToken)
    {
        if (plan.Changes.Count == 0)
        {
            return (0, []);
        }

        var postgres = connection is NpgsqlConnection;
        var statements = plan.Changes.SelectMany(c => Statements(c, postgres).Select(s => (Change: c, s.Sql, s.Parameters))).ToList();
        var affected = new int[statements.Count];
        if (postgres)
        {
            // One batch is one implicit transaction on PostgreSQL: a failing statement rolls back those before it and skips
            // those after (Npgsql sends a single Sync, no error barriers). So no BEGIN and COMMIT: one round trip for the lot.
            await using var batch = connection.CreateBatch();
            foreach (var (_, sql, parameters) in statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                Bind(command.CreateParameter, command.Parameters, parameters);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < statements.Count; i++)
            {
                affected[i] = batch.BatchCommands[i].RecordsAffected;
            }
        }
        else
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            for (var i = 0; i < statements.Count; i++)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statements[i].Sql;
                Bind(command.CreateParameter, command.Parameters, statements[i].Parameters);
                affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var byReference = statements.Select((s, i) => (s.Change, Rows: affected[i])).Where(a => a.Change is DeleteReferencing)
            .Select(a => (a.Change.Collection, a.Rows)).ToList();
        return (affected.Sum(), byReference);
    }

    private static void Bind(Func<DbParameter> create, DbParameterCollection into, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            into.Add(parameter);
        }
    }

    /// <summary>The SQL a change runs, for <c>lethe request plan</c> and the tests.</summary>
    public static IEnumerable<(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)> Statements(RowChange change, bool postgres)
    {
        switch (change)
        {
            case UpdateRow update:
                var set = new StringBuilder();
                var parameters = new List<(string, object?)>();
                foreach (var (column, value) in update.Values)
                {
                    set.Append(set.Length == 0 ? "" : ", ").Append(WalkSql.Quote(column)).Append(" = @v").Append(parameters.Count);
                    parameters.Add(($"@v{parameters.Count}", value));
                }

                parameters.Add(("@key", update.Key));
                yield return ($"UPDATE {WalkSql.Quote(update.Collection)} SET {set} WHERE {WalkSql.Quote(update.KeyColumn)} = @key", parameters);
                break;
            case DeleteReferencing referencing:
                foreach (var batch in referencing.References.Chunk(WalkRunner.BatchSize))
                {
                    var match = postgres ? " = ANY(@keys)" : " IN (SELECT value FROM json_each(@keys))";
                    yield return ($"DELETE FROM {WalkSql.Quote(referencing.Collection)} WHERE {WalkSql.Quote(referencing.KeyColumn)}{match}",
                        [("@keys", postgres ? WalkRunner.TypedArray(batch) : JsonSerializer.Serialize(batch))]);
                }

                break;
            case DeleteRows delete:
                foreach (var batch in delete.Keys.Chunk(WalkRunner.BatchSize))
                {
                    var match = postgres ? " = ANY(@keys)" : " IN (SELECT value FROM json_each(@keys))";
                    yield return ($"DELETE FROM {WalkSql.Quote(delete.Collection)} WHERE {WalkSql.Quote(delete.KeyColumn)}{match}",
                        [("@keys", postgres ? WalkRunner.TypedArray(batch) : JsonSerializer.Serialize(batch))]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown change.");
        }
    }
}
