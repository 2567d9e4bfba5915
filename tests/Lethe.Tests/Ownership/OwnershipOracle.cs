using System.Data.Common;
using System.Globalization;
using System.Text;
using Lethe.Execution;

namespace Lethe.Tests.Ownership;

/// <summary>What the oracle says is a person's: row keys per collection (see <see cref="OwnershipOracle.RowKey"/>).</summary>
public sealed record OracleAnswer
{
    /// <summary>Rows the person owns: found by identity, or belonging (transitively) to such a row, all meeting <c>when</c>.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> Owned { get; init; }

    /// <summary>Rows the person does not own that mention an owned row of theirs, with the mention fields that do.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlySet<string>>> Mentioning { get; init; }

    /// <summary>Rows an <c>owns: true</c> reference of an owned row points to that no other row points to: the person's own.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> OwnedReferenced { get; init; }

    /// <summary>Rows an <c>owns: true</c> reference of an owned row points to that some row outside the person's also points to.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> SharedReferenced { get; init; }

    /// <summary>Per <c>is: person</c> collection, the rows (meeting <c>when</c>) the identities match.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> Candidates { get; init; }

    public bool Ambiguous => Candidates.Values.Any(c => c.Count > 1);

    public IReadOnlySet<string> OwnedIn(string collection) => Owned.GetValueOrDefault(collection) ?? new HashSet<string>();

    public IReadOnlyDictionary<string, IReadOnlySet<string>> MentioningIn(string collection) =>
        Mentioning.GetValueOrDefault(collection) ?? new Dictionary<string, IReadOnlySet<string>>();

    /// <summary>Every row a request for the person may touch: owned, mentioning and unshared owned-referenced.</summary>
    public bool Touches(string collection, string key) =>
        OwnedIn(collection).Contains(key) || MentioningIn(collection).ContainsKey(key)
        || (OwnedReferenced.GetValueOrDefault(collection)?.Contains(key) ?? false);

    public int Count => Owned.Values.Sum(s => s.Count) + Mentioning.Values.Sum(s => s.Count) + OwnedReferenced.Values.Sum(s => s.Count);
}

/// <summary>
/// An oracle for "exactly the person's rows", written apart from the engine: identities are matched in C# over the
/// rows read, and ownership is one <c>WITH RECURSIVE</c> query per collection over its <c>belongsTo</c> chain
/// (self-references to a fixpoint), every step filtered by the collection's <c>when</c>. Plain SQL on SQLite and
/// PostgreSQL alike.
/// </summary>
public static class OwnershipOracle
{
    private const string Separator = "\u241F";
    private const string NullText = "\u2205";

    /// <summary>A row's key as text: its key column, or, in a collection without one, its full value.</summary>
    public static string RowKey(TableSpec table, Func<string, object?> value) =>
        table.Key is { } key
            ? IdentityMatch.Text(value(key)) ?? NullText
            : string.Join(Separator, table.Columns.Select(c => IdentityMatch.Text(value(c.Name)) ?? NullText));

    /// <summary>The oracle over a datastore of the data-map model (format 2).</summary>
    public static Task<OracleAnswer> ComputeAsync(
        DbConnection connection, Lethe.DataMap.Datastore store, IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken) =>
        ComputeAsync(connection, OwnershipMap.From(store), identities, cancellationToken);

    public static async Task<OracleAnswer> ComputeAsync(
        DbConnection connection, OwnershipMap map, IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, List<object>>();
        foreach (var table in map.Tables.Where(t => t.HasOwner && t.Columns.Any(c => c.Identifies is not null)))
        {
            found[table.Name] = await IdentityMatchesAsync(connection, table, identities, cancellationToken);
        }

        var owned = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var table in map.Tables.Where(t => t.HasOwner))
        {
            string sql;
            if (table.Key is null)
            {
                var parent = table.Parent ?? throw new NotSupportedException($"{table.Name}: a collection without a key is owned only through belongsTo");
                sql = $"{With(map, parent, found)} SELECT {AllColumns(table)} FROM {Q(table.Name)} x WHERE {When(table)} AND x.{Q(table.BelongsTo!)} IN (SELECT k FROM {Cte(parent)})";
            }
            else
            {
                sql = $"{With(map, table.Name, found)} SELECT x.* FROM {Q(table.Name)} x WHERE x.{Q(table.Key)} IN (SELECT k FROM {Cte(table.Name)})";
            }

            owned[table.Name] = await KeysAsync(connection, table, sql, cancellationToken);
        }

        var mentioning = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlySet<string>>>();
        foreach (var table in map.Tables.Where(t => t.Mentions.Count > 0))
        {
            var rows = new Dictionary<string, HashSet<string>>();
            foreach (var mention in table.Mentions)
            {
                var target = table.Column(mention.Field).ReferencedTable!;
                var sql = $"{With(map, target, found)} SELECT x.* FROM {Q(table.Name)} x WHERE {When(table)} AND x.{Q(mention.Field)} IN (SELECT k FROM {Cte(target)})";
                foreach (var key in await KeysAsync(connection, table, sql, cancellationToken))
                {
                    if (!owned[table.Name].Contains(key))
                    {
                        (rows.TryGetValue(key, out var fields) ? fields : rows[key] = []).Add(mention.Field);
                    }
                }
            }

            mentioning[table.Name] = rows.ToDictionary(r => r.Key, r => (IReadOnlySet<string>)r.Value);
        }

        var (ownedReferenced, shared) = await OwnsTargetsAsync(connection, map, found, owned, cancellationToken);
        return new OracleAnswer
        {
            Owned = owned,
            Mentioning = mentioning,
            OwnedReferenced = ownedReferenced,
            SharedReferenced = shared,
            Candidates = map.Tables.Where(t => t.Is == "person").ToDictionary(
                t => t.Name, t => (IReadOnlySet<string>)found.GetValueOrDefault(t.Name, []).Select(IdentityMatch.Text).Select(k => k ?? NullText).ToHashSet()),
        };
    }

    /// <summary>Keys of the rows (meeting <c>when</c>) the identities match; composite parts only all together in one row.</summary>
    private static async Task<List<object>> IdentityMatchesAsync(
        DbConnection connection, TableSpec table, IReadOnlyCollection<Identity> identities, CancellationToken cancellationToken)
    {
        var key = table.Key ?? throw new NotSupportedException($"{table.Name}: identity fields need a key column");
        var fields = table.Columns.Where(c => c.Identifies is not null).ToList();
        var composite = fields.Where(f => IdentityMatch.CompositeParts.Contains(f.Identifies!)).ToList();
        if (composite.Select(f => f.Identifies).Distinct().Count() < IdentityMatch.CompositeParts.Count)
        {
            composite.Clear(); // only one of the parts here: it identifies alone
        }

        var single = fields.Except(composite).ToList();
        var matches = new List<object>();
        var sql = $"SELECT x.{Q(key)}, {string.Join(", ", fields.Select(f => "x." + Q(f.Name)))} FROM {Q(table.Name)} x WHERE {When(table)}";
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Value(ColumnSpec field) => IdentityMatch.Text(reader.GetValue(fields.IndexOf(field) + 1));
            var hit = single.Any(f => IdentityMatch.Matches(f.Identifies!, Value(f), identities))
                || (composite.Count > 0 && composite.All(f => IdentityMatch.Matches(f.Identifies!, Value(f), identities)));
            if (hit)
            {
                matches.Add(reader.GetValue(0));
            }
        }

        return matches;
    }

    private static async Task<(Dictionary<string, IReadOnlySet<string>> Own, Dictionary<string, IReadOnlySet<string>> Shared)> OwnsTargetsAsync(
        DbConnection connection, OwnershipMap map, Dictionary<string, List<object>> found, Dictionary<string, IReadOnlySet<string>> owned,
        CancellationToken cancellationToken)
    {
        var targets = new Dictionary<string, HashSet<string>>();
        foreach (var table in map.Tables.Where(t => t.HasOwner && t.Key is not null))
        {
            foreach (var column in table.Columns.Where(c => c.Owns))
            {
                var sql = $"{With(map, table.Name, found)} SELECT DISTINCT x.{Q(column.Name)} FROM {Q(table.Name)} x " +
                    $"WHERE x.{Q(table.Key!)} IN (SELECT k FROM {Cte(table.Name)}) AND x.{Q(column.Name)} IS NOT NULL";
                var set = targets.TryGetValue(column.ReferencedTable!, out var s) ? s : targets[column.ReferencedTable!] = [];
                foreach (var row in await RowsAsync(connection, sql, cancellationToken))
                {
                    set.Add(IdentityMatch.Text(row[0])!);
                }
            }
        }

        var own = new Dictionary<string, IReadOnlySet<string>>();
        var shared = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var (target, values) in targets)
        {
            var targetTable = map.Table(target);
            var pointedFromOutside = new HashSet<string>();
            foreach (var table in map.Tables)
            {
                foreach (var column in table.Columns.Where(c => c.ReferencedTable == target))
                {
                    if (column.ReferencedColumn != targetTable.Key)
                    {
                        throw new NotSupportedException($"{table.Name}.{column.Name}: the oracle follows references to the key only");
                    }

                    var sql = $"SELECT {AllColumns(table)}, x.{Q(column.Name)} FROM {Q(table.Name)} x WHERE x.{Q(column.Name)} IS NOT NULL";
                    foreach (var row in await RowsAsync(connection, sql, cancellationToken))
                    {
                        var key = RowKey(table, name => row[IndexOf(table, name)]);
                        if (!(owned.GetValueOrDefault(table.Name)?.Contains(key) ?? false))
                        {
                            pointedFromOutside.Add(IdentityMatch.Text(row[^1])!);
                        }
                    }
                }
            }

            own[target] = values.Where(v => !pointedFromOutside.Contains(v)).ToHashSet();
            shared[target] = values.Where(pointedFromOutside.Contains).ToHashSet();
        }

        return (own, shared);
    }

    /// <summary>
    /// <c>WITH RECURSIVE</c> defining <c>o_NAME(k)</c> for the collection and every collection up its belongsTo chain:
    /// rows meeting <c>when</c> that the identities found, or whose belongsTo field points to an owned row of the parent;
    /// for a collection that belongs to itself, a recursive term to the fixpoint.
    /// </summary>
    private static string With(OwnershipMap map, string collection, Dictionary<string, List<object>> found)
    {
        var chain = new List<TableSpec>();
        for (var table = map.Table(collection); ; table = map.Table(table.Parent!))
        {
            if (chain.Contains(table))
            {
                throw new NotSupportedException($"{collection}: a belongsTo cycle through more than one collection");
            }

            chain.Add(table);
            if (table.Parent is null || table.Parent == table.Name)
            {
                break;
            }
        }

        var ctes = new List<string>();
        foreach (var table in Enumerable.Reverse(chain))
        {
            var key = table.Key ?? throw new NotSupportedException($"{table.Name}: a parent needs a key column");
            var starts = new List<string>();
            if (found.TryGetValue(table.Name, out var keys) && keys.Count > 0)
            {
                starts.Add($"x.{Q(key)} IN ({string.Join(", ", keys.Select(OwnershipMap.Literal))})");
            }

            if (table.Parent is { } parent && parent != table.Name)
            {
                starts.Add($"x.{Q(table.BelongsTo!)} IN (SELECT k FROM {Cte(parent)})");
            }

            var cte = new StringBuilder($"{Cte(table.Name)}(k) AS (SELECT x.{Q(key)} FROM {Q(table.Name)} x WHERE {When(table)} AND ({(starts.Count == 0 ? "1 = 0" : string.Join(" OR ", starts))})");
            if (table.Parent == table.Name)
            {
                cte.Append(CultureInfo.InvariantCulture, $" UNION SELECT x.{Q(key)} FROM {Q(table.Name)} x JOIN {Cte(table.Name)} r ON x.{Q(table.BelongsTo!)} = r.k WHERE {When(table)}");
            }

            ctes.Add(cte.Append(')').ToString());
        }

        return "WITH RECURSIVE " + string.Join(", ", ctes);
    }

    /// <summary>The collection's <c>when</c> as a SQL condition on alias <c>x</c>; <c>1 = 1</c> without one.</summary>
    private static string When(TableSpec table)
    {
        var parts = table.When.Select(w =>
        {
            var column = "x." + Q(w.Field);
            return w switch
            {
                { EqualsValue: { } value } => $"{column} = {OwnershipMap.Literal(value)}",
                { In: { } values } => $"{column} IN ({string.Join(", ", values.Select(OwnershipMap.Literal))})",
                { NotIn: { } values } => $"{column} NOT IN ({string.Join(", ", values.Select(OwnershipMap.Literal))})",
                { IsNull: true } => $"{column} IS NULL",
                { IsNull: false } => $"{column} IS NOT NULL",
                _ => throw new NotSupportedException($"{table.Name}: a when condition on {w.Field} without a test"),
            };
        }).ToList();
        return parts.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", parts) + ")";
    }

    private static string Cte(string collection) => Q("o_" + collection);

    private static string Q(string identifier) => OwnershipMap.Quote(identifier);

    private static string AllColumns(TableSpec table) => string.Join(", ", table.Columns.Select(c => "x." + Q(c.Name)));

    private static int IndexOf(TableSpec table, string column) => table.Columns.ToList().FindIndex(c => c.Name == column);

    /// <summary>Keys of the rows a query returns; the query selects the table's columns in the data map's order.</summary>
    private static async Task<IReadOnlySet<string>> KeysAsync(DbConnection connection, TableSpec table, string sql, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ordinals = table.Columns.ToDictionary(c => c.Name, c => reader.GetOrdinal(c.Name));
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(RowKey(table, name => reader.GetValue(ordinals[name])));
        }

        return keys;
    }

    private static async Task<List<object?[]>> RowsAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
