using System.Text;
using System.Text.Json;
using Lethe.Connectors;
using Lethe.Execution;

namespace Lethe.Retention;

/// <summary>A statement and its parameters; values are always parameters, identifiers come quoted from a validated manifest.</summary>
public sealed record SqlStatement(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

/// <summary>
/// The SQL of a retention rule on PostgreSQL or SQLite. A row is due when its anchor lies before the cutoff, it meets the
/// rule's condition, it is not held, and (for deletion) no row elsewhere still points at it; for anonymization it must
/// also hold a value not yet erased, so a second run finds nothing to do. Batches walk the key in order, so a run can
/// resume after the last key it finished.
/// </summary>
/// <param name="chainCutoffs">Per chain of <see cref="RetentionTarget.HeldBy"/>, the first anchor date its rule's minimum no longer keeps.</param>
public sealed partial class RetentionSql(
    RetentionTarget target, bool postgres, IReadOnlyDictionary<string, ColumnKind> columns, IReadOnlyDictionary<string, string> types, IReadOnlyList<DateOnly>? chainCutoffs = null)
{
    private string Table => WalkSql.Quote(target.Collection.Name);

    private string KeyColumn => WalkSql.Quote(target.KeyColumn);

    /// <summary>Rows due on a day whose cutoff is <paramref name="cutoff"/>, in one count (for the plan).</summary>
    public SqlStatement Count(DateOnly cutoff, DateOnly? from, IReadOnlyCollection<object> held)
    {
        var parameters = new List<(string, object?)>();
        var where = Due(cutoff, parameters);
        if (from is { } start)
        {
            parameters.Add(("@from", Anchor(start)));
            where.Append(" AND ").Append(WalkSql.Quote(target.AnchorColumn)).Append(" >= @from");
        }

        NotHeld(where, held, parameters);
        return new SqlStatement($"SELECT count(*) FROM {Table} t WHERE {where}", parameters);
    }

    /// <summary>Due rows among <paramref name="held"/>: the rows of held people that would otherwise go.</summary>
    public SqlStatement CountHeld(DateOnly cutoff, IReadOnlyCollection<object> held)
    {
        if (held.Count == 0)
        {
            return new SqlStatement("SELECT 0", []);
        }

        var parameters = new List<(string, object?)>();
        var where = Due(cutoff, parameters);
        parameters.Add(("@held", Keys(held)));
        where.Append(" AND ").Append(KeyColumn).Append(postgres ? " = ANY(@held)" : " IN (SELECT value FROM json_each(@held))");
        return new SqlStatement($"SELECT count(*) FROM {Table} t WHERE {where}", parameters);
    }

    /// <summary>Due rows that rows elsewhere still point at: they stay until those go.</summary>
    public SqlStatement CountReferenced(DateOnly cutoff, IReadOnlyCollection<object> held)
    {
        if (!target.DeletesRows || target.ReferencedBy.Count == 0)
        {
            return new SqlStatement("SELECT 0", []);
        }

        var parameters = new List<(string, object?)>();
        var where = Due(cutoff, parameters, withReferences: false);
        NotHeld(where, held, parameters);
        where.Append(" AND (").Append(string.Join(" OR ", target.ReferencedBy.Select(Exists))).Append(')');
        return new SqlStatement($"SELECT count(*) FROM {Table} t WHERE {where}", parameters);
    }

    /// <summary>
    /// The next batch: the key of each due row after <paramref name="after"/>, its files, and the values the strategies
    /// that need Lethe's own computation (keyed hash, random text) read. On PostgreSQL the rows are locked and locked
    /// rows skipped, so two workers never take the same row.
    /// </summary>
    public SqlStatement NextBatch(DateOnly cutoff, object? after, IReadOnlyCollection<object> held, int size)
    {
        var parameters = new List<(string, object?)>();
        var where = Due(cutoff, parameters);
        NotHeld(where, held, parameters);
        if (after is not null)
        {
            parameters.Add(("@after", after));
            where.Append(" AND ").Append(KeyColumn).Append(" > @after");
        }

        parameters.Add(("@size", size));
        var read = new[] { target.KeyColumn }.Concat(target.FileColumns).Concat(ComputedInLethe().Select(f => f.Name)).Distinct(StringComparer.Ordinal);
        return new SqlStatement(
            $"SELECT {string.Join(", ", read.Select(WalkSql.Quote))} FROM {Table} t WHERE {where} ORDER BY {KeyColumn} LIMIT @size{(postgres ? " FOR UPDATE SKIP LOCKED" : "")}",
            parameters);
    }

    /// <summary>
    /// Whether a batch is a range of keys changed by one statement: deletion, and anonymization whose strategies are all
    /// SQL expressions. Keyed hashes and random text need Lethe to read the values first (<see cref="NextBatch"/>, then
    /// <see cref="Anonymize"/>).
    /// </summary>
    public bool ByRange => target.DeletesRows || !ComputedInLethe().Any();

    /// <summary>
    /// PostgreSQL: the table's size in pages, its rows per page as the statistics have them, and the server's version
    /// (page ranges need 14 or later).
    /// </summary>
    public SqlStatement Pages() => new(
        "SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint, c.reltuples::float8, c.relpages::bigint, current_setting('server_version_num')::int "
        + "FROM pg_class c WHERE c.oid = to_regclass(@table)", [("@table", Table)]);

    /// <summary>PostgreSQL: the planner's estimate of the due rows, for the progress bar, without reading the table.</summary>
    public SqlStatement EstimateDue(DateOnly cutoff, IReadOnlyCollection<object> held)
    {
        var parameters = new List<(string, object?)>();
        var where = Due(cutoff, parameters);
        NotHeld(where, held, parameters);
        return new SqlStatement($"EXPLAIN (FORMAT JSON) SELECT 1 FROM {Table} t WHERE {where}", parameters);
    }

    /// <summary>
    /// PostgreSQL: deletes or anonymizes the due rows on pages <paramref name="from"/> up to (not including)
    /// <paramref name="to"/> in one statement — a scan of those pages alone, as cheap per row as one statement over the
    /// whole table. Every row is tested again as it is changed, so a row another worker changed first is left alone.
    /// </summary>
    public SqlStatement ChangePages(DateOnly cutoff, long from, long to, IReadOnlyCollection<object> held)
    {
        var parameters = new List<(string, object?)>();
        return Change(PagesWhere(cutoff, from, to, held, parameters), parameters);
    }

    /// <summary>The due, unheld rows on pages <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
    private StringBuilder PagesWhere(DateOnly cutoff, long from, long to, IReadOnlyCollection<object> held, List<(string, object?)> parameters)
    {
        parameters.Add(("@fromPage", from));
        parameters.Add(("@toPage", to));
        var where = new StringBuilder("t.ctid >= ('(' || @fromPage::text || ',0)')::tid AND t.ctid < ('(' || @toPage::text || ',0)')::tid AND ")
            .Append(Due(cutoff, parameters));
        NotHeld(where, held, parameters);
        return where;
    }

    /// <summary>
    /// The due rows and the last of their keys, in one pass: the count drives the progress bar, the key bounds the
    /// batches. Only for keys with an order both databases aggregate (numbers and text); otherwise the key is null.
    /// </summary>
    public SqlStatement Remaining(DateOnly cutoff, IReadOnlyCollection<object> held)
    {
        var parameters = new List<(string, object?)>();
        var where = Due(cutoff, parameters);
        NotHeld(where, held, parameters);
        var last = columns.GetValueOrDefault($"{target.Collection.Name}.{target.KeyColumn}") is ColumnKind.Integer or ColumnKind.Text ? $"max({KeyColumn})" : "NULL";
        return new SqlStatement($"SELECT count(*), {last} FROM {Table} t WHERE {where}", parameters);
    }

    /// <summary>
    /// The key <paramref name="size"/> keys after <paramref name="after"/>, not past <paramref name="lastDue"/>: read from
    /// the key's index alone, so finding a batch costs next to nothing. No row: the batch runs to <paramref name="lastDue"/>.
    /// </summary>
    public SqlStatement RangeEnd(object? after, object lastDue, int size)
    {
        var parameters = new List<(string, object?)> { ("@lastDue", lastDue), ("@skip", size - 1) };
        var where = new StringBuilder().Append(KeyColumn).Append(" <= @lastDue");
        After(where, after, parameters);
        return new SqlStatement($"SELECT {KeyColumn} FROM {Table} WHERE {where} ORDER BY {KeyColumn} LIMIT 1 OFFSET @skip", parameters);
    }

    /// <summary>
    /// The key of the <paramref name="size"/>-th due row after <paramref name="after"/>: the batch is every due row up to
    /// it. No row: fewer are left, and the last batch takes them all.
    /// </summary>
    public SqlStatement RangeEnd(DateOnly cutoff, object? after, IReadOnlyCollection<object> held, int size)
    {
        var parameters = new List<(string, object?)>();
        var where = Due(cutoff, parameters);
        NotHeld(where, held, parameters);
        After(where, after, parameters);
        parameters.Add(("@skip", size - 1));
        return new SqlStatement($"SELECT {KeyColumn} FROM {Table} t WHERE {where} ORDER BY {KeyColumn} LIMIT 1 OFFSET @skip", parameters);
    }

    /// <summary>
    /// Deletes or anonymizes the due rows with keys after <paramref name="after"/> up to <paramref name="upTo"/> (to the end
    /// when null) in one statement, returning the files of deleted rows. The statement re-tests every row it changes, so
    /// a row another worker changed first is not changed or counted again.
    /// </summary>
    public SqlStatement ChangeRange(DateOnly cutoff, object? after, object? upTo, IReadOnlyCollection<object> held)
    {
        var parameters = new List<(string, object?)>();
        return Change(RangeWhere(cutoff, after, upTo, held, parameters), parameters);
    }

    /// <summary>The due, unheld rows with keys after <paramref name="after"/> up to <paramref name="upTo"/> (to the end when null).</summary>
    private StringBuilder RangeWhere(DateOnly cutoff, object? after, object? upTo, IReadOnlyCollection<object> held, List<(string, object?)> parameters)
    {
        var where = Due(cutoff, parameters);
        NotHeld(where, held, parameters);
        After(where, after, parameters);
        if (upTo is not null)
        {
            parameters.Add(("@upTo", upTo));
            where.Append(" AND ").Append(KeyColumn).Append(" <= @upTo");
        }

        return where;
    }

    /// <summary>The rows of a batch's key range that are still due: none once that batch has committed.</summary>
    public SqlStatement CountRange(DateOnly cutoff, object? after, object? upTo, IReadOnlyCollection<object> held)
    {
        var parameters = new List<(string, object?)>();
        return new SqlStatement($"SELECT count(*) FROM {Table} t WHERE {RangeWhere(cutoff, after, upTo, held, parameters)}", parameters);
    }

    /// <summary>PostgreSQL: the rows of a batch's pages that are still due: none once that batch has committed.</summary>
    public SqlStatement CountPages(DateOnly cutoff, long from, long to, IReadOnlyCollection<object> held)
    {
        var parameters = new List<(string, object?)>();
        return new SqlStatement($"SELECT count(*) FROM {Table} t WHERE {PagesWhere(cutoff, from, to, held, parameters)}", parameters);
    }

    /// <summary>The statement that deletes (returning the files) or anonymizes the rows <paramref name="where"/> selects.</summary>
    private SqlStatement Change(StringBuilder where, List<(string, object?)> parameters)
    {
        var returning = target.FileColumns.Count == 0 ? "" : " RETURNING " + string.Join(", ", target.FileColumns.Select(WalkSql.Quote));
        var sql = target.DeletesRows
            ? $"DELETE FROM {Table} AS t WHERE {where}{returning}"
            : $"UPDATE {Table} AS t SET {string.Join(", ", target.Strategies.Select(f => $"{WalkSql.Quote(f.Name)} = {Expression(f, parameters)}"))} WHERE {where}";
        return new SqlStatement(sql, parameters);
    }

    private void After(StringBuilder where, object? after, List<(string, object?)> parameters)
    {
        if (after is not null)
        {
            parameters.Add(("@after", after));
            where.Append(" AND ").Append(KeyColumn).Append(" > @after");
        }
    }

    /// <summary>
    /// Anonymizes a batch whose keyed hashes or random text Lethe computed: on PostgreSQL one <c>UPDATE</c> for the batch,
    /// the computed values passed as arrays through <c>unnest</c>; on SQLite one prepared <c>UPDATE</c> per row. Set-null,
    /// replace and truncate-date stay SQL expressions. Each row is changed by one statement, never half.
    /// </summary>
    public IEnumerable<SqlStatement> Anonymize(IReadOnlyList<object> keys, IReadOnlyList<IReadOnlyDictionary<string, object?>> computed)
    {
        var inLethe = ComputedInLethe().ToList();
        if (postgres)
        {
            var parameters = new List<(string, object?)> { ("@keys", Keys(keys)) };
            var set = new List<string>();
            var arrays = new List<string>();
            foreach (var field in target.Strategies)
            {
                if (inLethe.Contains(field))
                {
                    var name = $"@c{arrays.Count}";
                    arrays.Add(name);
                    parameters.Add((name, computed.Select(c => c.GetValueOrDefault(field.Name) as string).ToArray()));
                    set.Add($"{WalkSql.Quote(field.Name)} = v.{WalkSql.Quote(field.Name)}");
                }
                else
                {
                    set.Add($"{WalkSql.Quote(field.Name)} = {Expression(field, parameters)}");
                }
            }

            var columns = string.Join(", ", inLethe.Select(f => WalkSql.Quote(f.Name)));
            yield return new SqlStatement(
                $"UPDATE {Table} SET {string.Join(", ", set)} FROM unnest(@keys, {string.Join(", ", arrays)}) AS v(k, {columns}) WHERE {Table}.{KeyColumn} = v.k", parameters);
            yield break;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            var parameters = new List<(string, object?)> { ("@key", keys[i]) };
            var set = new List<string>();
            foreach (var field in target.Strategies)
            {
                if (inLethe.Contains(field))
                {
                    var name = $"@c{parameters.Count}";
                    parameters.Add((name, computed[i].GetValueOrDefault(field.Name)));
                    set.Add($"{WalkSql.Quote(field.Name)} = {name}");
                }
                else
                {
                    set.Add($"{WalkSql.Quote(field.Name)} = {Expression(field, parameters)}");
                }
            }

            yield return new SqlStatement($"UPDATE {Table} SET {string.Join(", ", set)} WHERE {KeyColumn} = @key", parameters);
        }
    }

    /// <summary>Strategies whose value Lethe computes: a keyed hash needs the tenant's secret, random text a secure generator.</summary>
    public IEnumerable<Lethe.DataMap.Field> ComputedInLethe() =>
        target.Strategies.Where(f => f.Erasure is ErasureStrategy.Hash or ErasureStrategy.Random);

    /// <summary>The problems that stop the rule before it runs: a strategy its column cannot hold, a missing column.</summary>
    public IEnumerable<string> Problems()
    {
        var collection = target.Collection.Name;
        foreach (var column in new[] { target.AnchorColumn, target.KeyColumn }.Concat(target.Rule.Condition is { } c ? [c.Field] : []))
        {
            if (!columns.ContainsKey($"{collection}.{column}"))
            {
                yield return DatastoreMessages.NoColumn($"{target.Datastore}.{collection}", column);
            }
        }

        if (columns.GetValueOrDefault($"{collection}.{target.AnchorColumn}") is not (ColumnKind.Date or ColumnKind.Timestamp or ColumnKind.Text))
        {
            yield return DatastoreMessages.NotADate($"{target.Datastore}.{collection}.{target.AnchorColumn}");
        }

        foreach (var field in target.Strategies)
        {
            if (columns.TryGetValue($"{collection}.{field.Name}", out var kind) && !ErasureStrategy.Fits(field.Erasure!, kind, field.Replacement))
            {
                yield return $"{target.Datastore}.{collection}.{field.Name}: erasure '{field.Erasure}' cannot be written to a {kind.ToString().ToLowerInvariant()} column";
            }
        }
    }

    private object Keys(IReadOnlyCollection<object> keys) => postgres ? WalkRunner.TypedArray(keys) : JsonSerializer.Serialize(keys);

    private static object Typed(string value, ColumnKind kind) => ChangePlanner.Convert(value, kind) ?? value;
}
