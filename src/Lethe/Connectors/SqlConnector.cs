using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Lethe.DataMap;
using Lethe.Execution;

namespace Lethe.Connectors;

/// <summary>A datastore that cannot be used as the manifest describes it: a missing table or column, a strategy the column cannot hold.</summary>
public sealed class DatastoreProblem(string message) : Exception(message);

/// <summary>What a change did in one datastore: the plan (counts, kept rows, deferred rows) and the rows the database changed.</summary>
public sealed record ChangeOutcome(ChangePlan Plan, int RowsChanged)
{
    /// <summary>Files of erased rows that could not be removed (already gone ones are not counted).</summary>
    public IReadOnlyList<string> FilesLeft { get; init; } = [];

    public int FilesRemoved { get; init; }
}

/// <summary>
/// A PostgreSQL or SQLite datastore of the data map, reached through plain ADO.NET. Before anything runs, every table and
/// column the walk names is checked against the live schema; every change of one request is one transaction.
/// </summary>
/// <param name="filesRoot">The directory the datastore's file fields are relative to, when it has any.</param>
/// <param name="connections">The tenant's connections, which refuse Lethe's own store; null only for a database the caller made itself (tests, demos).</param>
public sealed class SqlConnector(Manifest manifest, string datastore, Datastore store, string connectionString, string? filesRoot = null, TenantConnections? connections = null)
{
    public string Datastore => datastore;

    public Datastore Store => store;

    public string? FilesRoot => filesRoot;

    /// <summary>Streams every row the walk finds to <paramref name="onRow"/>; returns the rows per collection.</summary>
    /// <param name="chosen">Per person collection, the row key an agent chose where the identities matched several people.</param>
    public async Task<IReadOnlyDictionary<string, int>> ReadAsync(
        IReadOnlyCollection<Identity> identities, Func<FoundRow, ValueTask> onRow, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? chosen = null)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var (plan, _) = await PrepareAsync(connection, PlanFor(identities, WalkPurpose.Access), cancellationToken);
        return await WalkRunner.RunAsync(connection, plan, identities, onRow, cancellationToken, chosen);
    }

    /// <summary>Whether the identities match one person here: throws <see cref="AmbiguousPerson"/> when they match several, reads nothing more.</summary>
    public async Task ProbeAsync(IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? chosen = null)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var (plan, _) = await PrepareAsync(connection, PlanFor(identities, WalkPurpose.Access), cancellationToken);
        await WalkRunner.ProbeAsync(connection, plan, identities, chosen, cancellationToken);
    }

    public Task<ChangeOutcome> EraseAsync(
        IReadOnlyCollection<Identity> identities, byte[] hashKey, DateOnly today, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? chosen = null) =>
        ChangeAsync(identities, WalkPurpose.Erasure, (plan, found, kinds) => ChangePlanner.Erasure(manifest, store, plan, found, kinds, hashKey, today), cancellationToken, chosen);

    public Task<ChangeOutcome> RestrictAsync(IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? chosen = null) =>
        ChangeAsync(identities, WalkPurpose.Change, (plan, found, kinds) => ChangePlanner.Restriction(store, plan, found, kinds), cancellationToken, chosen);

    public Task<ChangeOutcome> RectifyAsync(
        IReadOnlyCollection<Identity> identities, IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? chosen = null) =>
        ChangeAsync(identities, WalkPurpose.Change, (plan, found, kinds) => ChangePlanner.Rectification(store, plan, found, changes, kinds), cancellationToken, chosen);

    /// <summary>A deferred erasure: the rows kept under a hold, read again by key and erased now that the hold has ended.</summary>
    public async Task<ChangeOutcome> EraseRowsAsync(IReadOnlyDictionary<string, IReadOnlyList<object>> keys, byte[] hashKey, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var (structure, kinds) = await PrepareAsync(connection, WalkPlan.Structure(datastore, store), cancellationToken);
        var rows = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);
        var postgres = connection is Npgsql.NpgsqlConnection;
        foreach (var (collection, collectionKeys) in keys)
        {
            var step = new WalkStep(StepKind.BelongsTo, collection, [], collection, structure.RowKeys.GetValueOrDefault(collection, "id"), structure.RowKeys.GetValueOrDefault(collection, "id"));
            var found = new List<IReadOnlyDictionary<string, object?>>();
            foreach (var batch in collectionKeys.Chunk(WalkRunner.BatchSize))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = WalkSql.For(step, structure.Columns[collection], postgres);
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@keys";
                parameter.Value = postgres ? WalkRunner.TypedArray(batch) : System.Text.Json.JsonSerializer.Serialize(batch);
                command.Parameters.Add(parameter);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }

                    found.Add(row);
                }
            }

            rows[collection] = found;
        }

        var plan = ChangePlanner.Erasure(manifest, store, structure, new WalkResult(rows, new HashSet<string>()), kinds, hashKey, today);
        return await ApplyAsync(connection, plan, cancellationToken);
    }

    private async Task<ChangeOutcome> ChangeAsync(
        IReadOnlyCollection<Identity> identities, WalkPurpose purpose, Func<WalkPlan, WalkResult, IReadOnlyDictionary<string, ColumnKind>, ChangePlan> planner,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? chosen)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var (walk, kinds) = await PrepareAsync(connection, PlanFor(identities, purpose), cancellationToken);
        var found = await WalkRunner.CollectAsync(connection, walk, identities, cancellationToken, chosen);
        return await ApplyAsync(connection, planner(walk, found, kinds), cancellationToken);
    }

    private async Task<ChangeOutcome> ApplyAsync(DbConnection connection, ChangePlan plan, CancellationToken cancellationToken)
    {
        if (!plan.IsValid)
        {
            throw new DatastoreProblem(string.Join("; ", plan.Problems));
        }

        var (changed, byReference) = await ChangeRunner.ApplyAsync(connection, plan, cancellationToken);
        var (removed, left) = DatastoreFiles.Remove(plan.Files, filesRoot);
        // Rows deleted by their reference were not read: the database says how many went.
        plan = plan with
        {
            Counts = [.. plan.Counts, .. byReference.GroupBy(d => d.Collection).Select(g => new ChangeCount(g.Key, ErasureStrategy.DeleteRow, g.Sum(d => d.Rows))).Where(c => c.Rows > 0)],
        };
        return new ChangeOutcome(plan, changed) { FilesLeft = left, FilesRemoved = removed };
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        connections is null ? LiveSchema.OpenAsync(store, connectionString, cancellationToken) : connections.OpenAsync(store, datastore, connectionString, cancellationToken);

    /// <summary>
    /// The plan for these identity types, built once per data map and purpose: the same data map in force answers every
    /// request with the same plan, so a request pays for its queries, not for planning.
    /// </summary>
    private WalkPlan PlanFor(IReadOnlyCollection<Identity> identities, WalkPurpose purpose)
    {
        var plans = Plans.GetValue(store, _ => new ConcurrentDictionary<string, WalkPlan>(StringComparer.Ordinal));
        var types = string.Join('|', identities.Select(i => i.Type).Distinct().Order(StringComparer.Ordinal));
        return plans.GetOrAdd($"{datastore}|{purpose}|{manifest.Organization.Country}|{types}",
            _ => WalkPlan.For(datastore, store, identities, purpose, manifest.Organization.Country, manifest.RetentionRules));
    }

    /// <summary>
    /// The plan checked against the live catalogue and spelt as it spells its columns, with the columns' kinds: every
    /// collection the plan touches, and the columns the manifest names in it, must exist. Kept with the catalogue it was
    /// checked against (read again every 30 seconds), so a changed database is seen within that.
    /// </summary>
    private async Task<(WalkPlan Plan, IReadOnlyDictionary<string, ColumnKind> Kinds)> PrepareAsync(DbConnection connection, WalkPlan plan, CancellationToken cancellationToken)
    {
        var schema = await LiveSchema.CachedAsync(connection, connectionString, cancellationToken);
        var prepared = Prepared.GetValue(schema, _ => new ConcurrentDictionary<WalkPlan, (WalkPlan, IReadOnlyDictionary<string, ColumnKind>, string?)>(ReferenceEqualityComparer.Instance))
            .GetOrAdd(plan, p =>
            {
                var used = p.Steps.Select(s => s.Collection).ToHashSet(StringComparer.Ordinal);
                var missing = DatastoreCheck.Compare(datastore, store with { Collections = store.Collections.Where(c => used.Contains(c.Name)).ToList() }, schema)
                    .Where(f => f.Kind == DatastoreCheck.Missing)
                    .Select(f => f.Message)
                    .ToList();
                return (p.ReadingFrom(schema), ChangePlanner.Kinds(schema), missing.Count > 0 ? string.Join("; ", missing) : null);
            });
        return prepared.Item3 is { } problem
            ? throw new DatastoreProblem(DatastoreMessages.NotMatching(datastore, problem))
            : (prepared.Item1, prepared.Item2);
    }

    private static readonly ConditionalWeakTable<Datastore, ConcurrentDictionary<string, WalkPlan>> Plans = new();

    private static readonly ConditionalWeakTable<LiveSchema, ConcurrentDictionary<WalkPlan, (WalkPlan, IReadOnlyDictionary<string, ColumnKind>, string?)>> Prepared = new();
}
