using System.Data.Common;
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
    public async Task<IReadOnlyDictionary<string, int>> ReadAsync(IReadOnlyCollection<Identity> identities, Func<FoundRow, ValueTask> onRow, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var plan = WalkPlan.For(datastore, store, identities, WalkPurpose.Access, manifest.Organization.Country);
        await CheckAsync(connection, plan, cancellationToken);
        return await WalkRunner.RunAsync(connection, await LiveAsync(connection, plan, cancellationToken), identities, onRow, cancellationToken);
    }

    public Task<ChangeOutcome> EraseAsync(IReadOnlyCollection<Identity> identities, byte[] hashKey, DateOnly today, CancellationToken cancellationToken) =>
        ChangeAsync(identities, (plan, found, kinds) => ChangePlanner.Erasure(manifest, store, plan, found, kinds, hashKey, today), cancellationToken);

    public Task<ChangeOutcome> RestrictAsync(IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken) =>
        ChangeAsync(identities, (plan, found, _) => ChangePlanner.Restriction(store, plan, found), cancellationToken);

    public Task<ChangeOutcome> RectifyAsync(IReadOnlyCollection<Identity> identities, IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken) =>
        ChangeAsync(identities, (plan, found, kinds) => ChangePlanner.Rectification(store, plan, found, changes, kinds), cancellationToken);

    /// <summary>A deferred erasure: the rows kept under a hold, read again by key and erased now that the hold has ended.</summary>
    public async Task<ChangeOutcome> EraseRowsAsync(IReadOnlyDictionary<string, IReadOnlyList<object>> keys, byte[] hashKey, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var structure = WalkPlan.Structure(datastore, store);
        var kinds = await CheckAsync(connection, structure, cancellationToken);
        structure = await LiveAsync(connection, structure, cancellationToken);
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
        IReadOnlyCollection<Identity> identities, Func<WalkPlan, WalkResult, IReadOnlyDictionary<string, ColumnKind>, ChangePlan> planner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var walk = WalkPlan.For(datastore, store, identities, WalkPurpose.Change, manifest.Organization.Country);
        var kinds = await CheckAsync(connection, walk, cancellationToken);
        walk = await LiveAsync(connection, walk, cancellationToken);
        var found = await WalkRunner.CollectAsync(connection, walk, identities, cancellationToken);
        return await ApplyAsync(connection, planner(walk, found, kinds), cancellationToken);
    }

    private async Task<ChangeOutcome> ApplyAsync(DbConnection connection, ChangePlan plan, CancellationToken cancellationToken)
    {
        if (!plan.IsValid)
        {
            throw new DatastoreProblem(string.Join("; ", plan.Problems));
        }

        var changed = await ChangeRunner.ApplyAsync(connection, plan, cancellationToken);
        var (removed, left) = DatastoreFiles.Remove(plan.Files, filesRoot);
        return new ChangeOutcome(plan, changed) { FilesLeft = left, FilesRemoved = removed };
    }

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        connections is null ? LiveSchema.OpenAsync(store, connectionString, cancellationToken) : connections.OpenAsync(store, datastore, connectionString, cancellationToken);

    private async Task<WalkPlan> LiveAsync(DbConnection connection, WalkPlan plan, CancellationToken cancellationToken) =>
        plan.ReadingFrom(await LiveSchema.CachedAsync(connection, connectionString, cancellationToken));

    /// <summary>Every collection the plan touches, and the columns the manifest names in it, must exist in the live database.</summary>
    private async Task<Dictionary<string, ColumnKind>> CheckAsync(DbConnection connection, WalkPlan plan, CancellationToken cancellationToken)
    {
        var schema = await LiveSchema.CachedAsync(connection, connectionString, cancellationToken);
        var used = plan.Steps.Select(s => s.Collection).ToHashSet(StringComparer.Ordinal);
        var missing = DatastoreCheck.Compare(datastore, store with { Collections = store.Collections.Where(c => used.Contains(c.Name)).ToList() }, schema)
            .Where(f => f.Kind == DatastoreCheck.Missing)
            .Select(f => f.Message)
            .ToList();
        if (missing.Count > 0)
        {
            throw new DatastoreProblem($"{datastore} does not match the data map: {string.Join("; ", missing)}");
        }

        return ChangePlanner.Kinds(schema);
    }
}
