using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Lethe.Execution;

/// <summary>Why a found row is in an answer: the person's own, someone else's row that mentions them, shown as context, or shared with others.</summary>
public enum RowRole
{
    /// <summary>The person's own row (found by identity, belonging to them, or owned through an <c>owns</c> reference and not shared).</summary>
    Owned = 1,

    /// <summary>Another person's row that names them: only the fields about them are read.</summary>
    Mention,

    /// <summary>A row of a collection that belongs to nobody, shown beside the person's rows that point to it.</summary>
    Context,

    /// <summary>A row the person's rows own through an <c>owns</c> reference that other people's rows point to as well: shown, and kept on erasure.</summary>
    Shared,
}

/// <summary>One row the walk found: its collection, why it is there, and its columns.</summary>
public readonly record struct FoundRow(string Collection, RowRole Role, IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>Not the person's own: context, a mention or a shared row.</summary>
    public bool Context => Role != RowRole.Owned;
}

/// <summary>The identities given match more than one person in one collection: nothing runs until the agent chooses.</summary>
public sealed class AmbiguousPerson(string datastore, string collection, string keyColumn, IReadOnlyList<IReadOnlyDictionary<string, object?>> candidates)
    : Exception($"{datastore}.{collection}: the identities given match {candidates.Count} different people; choose one, or ask the person for more (nothing was read or changed)")
{
    public string Datastore => datastore;

    public string Collection => collection;

    /// <summary>The column whose value tells the candidates apart (the collection's key).</summary>
    public string KeyColumn => keyColumn;

    /// <summary>Each candidate by its key and the fields that describe it without identifying it (their customer, when created).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Candidates => candidates;
}

/// <summary>
/// Runs a <see cref="WalkPlan"/> read-only against one datastore; a read-only database user is enough. Rows are handed
/// on as they are read, so a person with a hundred thousand rows is streamed, not held: the runner keeps only each row's
/// key (to see it once) and the values of the person's own rows that later steps join on. Only the person's own rows
/// lead anywhere: a mention or a context row is never walked from.
/// </summary>
public static class WalkRunner
{
    /// <summary>Keys per statement; a person with more related rows takes several statements, never one unbounded one.</summary>
    public const int BatchSize = 5000;

    /// <returns>How many distinct rows were found per collection.</returns>
    /// <param name="chosen">Per person collection, the key of the row an agent chose where the identities matched several.</param>
    public static async Task<IReadOnlyDictionary<string, int>> RunAsync(
        DbConnection connection, WalkPlan plan, IReadOnlyCollection<Identity> identities, Func<FoundRow, ValueTask> onRow, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? chosen = null)
    {
        var walk = new Walk(connection, plan, identities, onRow, chosen ?? new Dictionary<string, string>());
        await walk.RunAsync(cancellationToken);
        return walk.Seen.ToDictionary(s => s.Key, s => s.Value.Count, StringComparer.Ordinal);
    }

    /// <summary>
    /// Only the first step of a walk: who the identities match. Throws <see cref="AmbiguousPerson"/> when they match
    /// several people; reads nothing else and hands nothing on.
    /// </summary>
    public static Task ProbeAsync(
        DbConnection connection, WalkPlan plan, IReadOnlyCollection<Identity> identities, IReadOnlyDictionary<string, string>? chosen, CancellationToken cancellationToken) =>
        new Walk(connection, plan, identities, _ => ValueTask.CompletedTask, chosen ?? new Dictionary<string, string>()).IdentitiesAsync(cancellationToken);

    /// <summary>Runs the walk and keeps every row: for erasure and small answers, where the rows are needed together.</summary>
    public static async Task<WalkResult> CollectAsync(
        DbConnection connection, WalkPlan plan, IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? chosen = null)
    {
        var rows = new Dictionary<RowRole, Dictionary<string, List<IReadOnlyDictionary<string, object?>>>>();
        await RunAsync(connection, plan, identities, row =>
        {
            var byRole = rows.TryGetValue(row.Role, out var r) ? r : rows[row.Role] = new(StringComparer.Ordinal);
            (byRole.TryGetValue(row.Collection, out var list) ? list : byRole[row.Collection] = []).Add(row.Values);
            return ValueTask.CompletedTask;
        }, cancellationToken, chosen);

        IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Of(RowRole role) =>
            rows.TryGetValue(role, out var r) ? r.ToDictionary(x => x.Key, x => (IReadOnlyList<IReadOnlyDictionary<string, object?>>)x.Value, StringComparer.Ordinal)
                : new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);

        return new WalkResult(Of(RowRole.Owned), (rows.GetValueOrDefault(RowRole.Context)?.Keys ?? Enumerable.Empty<string>()).ToHashSet(StringComparer.Ordinal))
        {
            Mentions = Of(RowRole.Mention),
            Shared = Of(RowRole.Shared),
        };
    }

    /// <summary>The state of one walk: rows seen per collection, and the join values of the person's own rows.</summary>
    private sealed class Walk(
        DbConnection connection, WalkPlan plan, IReadOnlyCollection<Identity> identities, Func<FoundRow, ValueTask> onRow, IReadOnlyDictionary<string, string> chosen)
    {
        private readonly bool _postgres = connection is NpgsqlConnection;

        /// <summary>Keys of the rows seen, per collection, whatever their role.</summary>
        public Dictionary<string, HashSet<string>> Seen { get; } = new(StringComparer.Ordinal);

        /// <summary>Keys of the person's own rows, per collection.</summary>
        private readonly Dictionary<string, HashSet<string>> _owned = new(StringComparer.Ordinal);

        /// <summary>Per collection and column, the values in the person's own rows that later steps look up.</summary>
        private readonly Dictionary<string, Dictionary<string, HashSet<object>>> _joins = plan.Steps.Where(s => s.FromCollection is not null)
            .GroupBy(s => s.FromCollection!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.FromColumn!).Distinct(StringComparer.OrdinalIgnoreCase)
                .ToDictionary(c => c, _ => new HashSet<object>(), StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);

        /// <summary>Per step, the values already looked up, so a fixpoint pass asks only for new ones.</summary>
        private readonly Dictionary<WalkStep, HashSet<object>> _asked = [];

        public async Task RunAsync(CancellationToken ct)
        {
            await IdentitiesAsync(ct);

            // Down belongsTo to a fixpoint: a collection that belongs to itself (a thread) or a cycle is asked again with the new keys only.
            var belongs = plan.Steps.Where(s => s.Kind == StepKind.BelongsTo).ToList();
            for (var found = true; found;)
            {
                found = false;
                foreach (var group in Groups(belongs))
                {
                    found |= await RunGroupAsync(group, RowRole.Owned, ct) > 0;
                }
            }

            await OwnsAsync(ct);
            await RunGroupAsync(plan.Steps.Where(s => s.Kind is StepKind.Mention or StepKind.Context).ToList(), null, ct);
        }

        /// <summary>Rows found by identity, held back until it is clear they are one person's.</summary>
        public async Task IdentitiesAsync(CancellationToken ct)
        {
            var found = new List<(WalkStep Step, Dictionary<string, object?> Row)>();
            var commands = new List<(WalkStep Step, string Sql, List<(string, object)> Parameters)>();
            foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.Identity))
            {
                var values = step.IdentityColumns.Select(c => IdentityMatch.Values(c.IdentityType, identities.First(i => i.Type == c.IdentityType).Value, plan.Country, _postgres)).ToList();
                // No text column can hold a NUL (PostgreSQL refuses it outright), so such a value matches nothing; nor does a
                // phone number that is no number.
                if (values.Any(v => v.Count == 0 || v.Any(x => x.Contains('\0', StringComparison.Ordinal))))
                {
                    continue;
                }

                var parameters = values.SelectMany((v, i) => v.Select((x, j) => ($"@i{i}_{j}", (object)x))).Concat(WalkSql.ConditionParameters(step)).ToList();
                commands.Add((step, WalkSql.For(step, plan.ColumnsFor(step), _postgres, values.Select(v => v.Count).ToList()), parameters));
            }

            await ExecuteAsync(commands, async (step, reader) =>
            {
                while (await reader.ReadAsync(ct))
                {
                    found.Add((step, ReadRow(reader)));
                }
            }, ct);

            // The agent's choice among several matches leaves the others out, as if the identities had matched only that row.
            // Rows that are a person's by an identity of their own (a guest comment by e-mail) cannot tell which of the two
            // people they are: once a choice was needed, they count only through the chosen row (belongsTo).
            found.RemoveAll(f => chosen.TryGetValue(f.Step.Collection, out var key) && KeyOf(f.Step.Collection, f.Row) != key);
            if (chosen.Count > 0)
            {
                found.RemoveAll(f => !plan.PersonCollections.Contains(f.Step.Collection));
            }
            await PeopleAsync(found);
        }

        /// <summary>The rows found by identity: one person per person collection, or nothing is handed on at all.</summary>
        private async Task PeopleAsync(List<(WalkStep Step, Dictionary<string, object?> Row)> found)
        {
            foreach (var person in plan.PersonCollections)
            {
                var rows = found.Where(f => f.Step.Collection == person).Select(f => f.Row).DistinctBy(r => KeyOf(person, r)).ToList();
                if (rows.Count > 1)
                {
                    var key = plan.RowKeys.GetValueOrDefault(person, "id");
                    var describe = plan.CandidateFields.GetValueOrDefault(person) ?? [];
                    throw new AmbiguousPerson(plan.Datastore, person, key, rows.Select(r => (IReadOnlyDictionary<string, object?>)r
                        .Where(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase) || describe.Contains(c.Key, StringComparer.OrdinalIgnoreCase))
                        .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal)).ToList());
                }
            }

            foreach (var (step, row) in found)
            {
                await AcceptAsync(step.Collection, RowRole.Owned, row);
            }
        }

        /// <summary>Rows the person's rows own through <c>owns</c>: theirs unless a row outside the person's points to them too.</summary>
        private async Task OwnsAsync(CancellationToken ct)
        {
            var steps = plan.Steps.Where(s => s.Kind == StepKind.Owns).ToList();
            if (steps.Count == 0)
            {
                return;
            }

            var targets = new List<(WalkStep Step, Dictionary<string, object?> Row)>();
            await RunCommandsAsync(steps, async (step, reader) =>
            {
                while (await reader.ReadAsync(ct))
                {
                    targets.Add((step, ReadRow(reader)));
                }
            }, ct);

            var shared = new HashSet<(string, string)>();
            foreach (var (collection, column, target) in plan.OwnsChecks)
            {
                var values = targets.Where(t => t.Step.Collection == target).Select(t => Lookup(t.Row, t.Step.KeyColumn!)).OfType<object>().Distinct().ToList();
                var key = plan.RowKeys.GetValueOrDefault(collection, "id");
                var step = new WalkStep(StepKind.Context, collection, [], null, column);
                foreach (var batch in values.Chunk(BatchSize))
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = WalkSql.For(step, [key, column], _postgres);
                    Add(command, "@keys", Keys(batch));
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        var owner = LegalHolds.KeyText(reader.IsDBNull(0) ? null : reader.GetValue(0));
                        if (!_owned.GetValueOrDefault(collection)?.Contains(owner) ?? true)
                        {
                            shared.Add((target, LegalHolds.KeyText(reader.GetValue(1))));
                        }
                    }
                }
            }

            foreach (var (step, row) in targets)
            {
                var value = LegalHolds.KeyText(Lookup(row, step.KeyColumn!));
                await AcceptAsync(step.Collection, shared.Contains((step.Collection, value)) ? RowRole.Shared : RowRole.Owned, row);
            }
        }

        /// <returns>How many new rows the steps found.</returns>
        private async Task<int> RunGroupAsync(IReadOnlyList<WalkStep> steps, RowRole? role, CancellationToken ct)
        {
            var added = 0;
            await RunCommandsAsync(steps, async (step, reader) =>
            {
                var stepRole = role ?? (step.Kind == StepKind.Mention ? RowRole.Mention : RowRole.Context);
                while (await reader.ReadAsync(ct))
                {
                    added += await AcceptAsync(step.Collection, stepRole, ReadRow(reader)) ? 1 : 0;
                }
            }, ct);
            return added;
        }

        private Task RunCommandsAsync(IReadOnlyList<WalkStep> steps, Func<WalkStep, DbDataReader, Task> read, CancellationToken ct)
        {
            var commands = new List<(WalkStep, string, List<(string, object)>)>();
            foreach (var step in steps)
            {
                var asked = _asked.TryGetValue(step, out var a) ? a : _asked[step] = [];
                var from = _joins.GetValueOrDefault(step.FromCollection!)?.GetValueOrDefault(step.FromColumn!);
                var keys = from is null ? [] : from.Where(asked.Add).ToList();
                var sql = WalkSql.For(step, plan.ColumnsFor(step), _postgres);
                foreach (var batch in keys.Chunk(BatchSize))
                {
                    commands.Add((step, sql, WalkSql.ConditionParameters(step).Prepend(("@keys", Keys(batch))).ToList()));
                }
            }

            return ExecuteAsync(commands, read, ct);
        }

        /// <summary>Statements that do not depend on each other go to the database together, one round trip for the lot.</summary>
        private async Task ExecuteAsync(List<(WalkStep Step, string Sql, List<(string, object)> Parameters)> commands, Func<WalkStep, DbDataReader, Task> read, CancellationToken ct)
        {
            if (commands.Count > 1 && connection.CanCreateBatch)
            {
                await using var batch = connection.CreateBatch();
                foreach (var (_, sql, parameters) in commands)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = sql;
                    foreach (var (name, value) in parameters)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = name;
                        parameter.Value = value;
                        command.Parameters.Add(parameter);
                    }

                    batch.BatchCommands.Add(command);
                }

                await using var reader = await batch.ExecuteReaderAsync(ct);
                foreach (var (step, _, _) in commands)
                {
                    await read(step, reader);
                    await reader.NextResultAsync(ct);
                }

                return;
            }

            foreach (var (step, sql, parameters) in commands)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    Add(command, name, value);
                }

                await using var reader = await command.ExecuteReaderAsync(ct);
                await read(step, reader);
            }
        }

        /// <returns>Whether the row was new.</returns>
        private async ValueTask<bool> AcceptAsync(string collection, RowRole role, Dictionary<string, object?> row)
        {
            var seen = Seen.TryGetValue(collection, out var s) ? s : Seen[collection] = new HashSet<string>(StringComparer.Ordinal);
            // The same row reached twice (by e-mail and by phone, or as the person's own and as a mention) is one row, the first way it was found.
            var key = KeyOf(collection, row);
            if (!seen.Add(key))
            {
                return false;
            }

            if (role == RowRole.Owned)
            {
                (_owned.TryGetValue(collection, out var o) ? o : _owned[collection] = new HashSet<string>(StringComparer.Ordinal)).Add(key);
                if (_joins.TryGetValue(collection, out var joinColumns))
                {
                    foreach (var (column, values) in joinColumns)
                    {
                        if (Lookup(row, column) is { } value)
                        {
                            values.Add(value);
                        }
                    }
                }
            }

            await onRow(new FoundRow(collection, role, row));
            return true;
        }

        private string KeyOf(string collection, IReadOnlyDictionary<string, object?> row) =>
            Lookup(row, plan.RowKeys.GetValueOrDefault(collection, "id")) is { } k ? LegalHolds.KeyText(k) : JsonSerializer.Serialize(row);

        private object Keys(IReadOnlyCollection<object> batch) => _postgres ? TypedArray(batch) : JsonSerializer.Serialize(batch);

        private static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
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

    private static Dictionary<string, object?> ReadRow(DbDataReader reader)
    {
        var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }

    /// <summary>A column's value in a row, whichever case the database spelt its name in.</summary>
    internal static object? Lookup(IReadOnlyDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var value) ? value : row.FirstOrDefault(c => string.Equals(c.Key, column, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>PostgreSQL compares <c>= ANY()</c> against a typed array; keys read back as long, int, Guid or string.</summary>
    internal static object TypedArray(IReadOnlyCollection<object> keys) => keys switch
    {
        _ when keys.All(k => k is long) => keys.Cast<long>().ToArray(),
        _ when keys.All(k => k is int) => keys.Cast<int>().ToArray(),
        _ when keys.All(k => k is short) => keys.Cast<short>().ToArray(),
        _ when keys.All(k => k is Guid) => keys.Cast<Guid>().ToArray(),
        _ => keys.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)!).ToArray(),
    };
}
