using System.Text;
using Lethe.DataMap;

namespace Lethe.Execution;

/// <summary>
/// A walk in one round trip: each collection's statement finds the person's rows of its parent by a subquery instead of
/// by keys read back first, so the customer, their orders and their order lines are one batch. Used when the walk has no
/// belongsTo cycle (a thread of replies needs the fixpoint of <see cref="WalkRunner"/>) and no <c>owns</c> reference
/// (whose sharing is checked against the person's rows once read); the rows found are the same either way, which the
/// ownership property tests hold both paths to.
/// </summary>
internal static class InlineWalk
{
    public sealed record Statement(WalkStep Step, RowRole Role, bool Person, string Sql, List<(string Name, object Value)> Parameters);

    public static bool Applies(WalkPlan plan)
    {
        if (plan.Steps.Any(s => s.Kind == StepKind.Owns))
        {
            return false;
        }

        // Each collection's parent, followed upwards, must end: a cycle (or a collection that belongs to itself) needs the fixpoint.
        var parent = plan.Steps.Where(s => s.Kind == StepKind.BelongsTo).GroupBy(s => s.Collection).ToDictionary(g => g.Key, g => g.First().FromCollection!);
        foreach (var start in parent.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { start };
            for (var at = start; parent.TryGetValue(at, out var up);)
            {
                if (!seen.Add(up))
                {
                    return false;
                }

                at = up;
            }
        }

        return true;
    }

    public static List<Statement> Statements(
        WalkPlan plan, IReadOnlyCollection<Identity> identities, IReadOnlyDictionary<string, string> chosen, bool postgres)
    {
        var owned = plan.Steps.Where(s => s.Kind is StepKind.Identity or StepKind.BelongsTo).Select(s => s.Collection).Distinct().ToList();
        // People first: their rows are read, and checked to be one person's, before anything else is handed on.
        owned = [.. owned.Where(plan.PersonCollections.Contains), .. owned.Where(c => !plan.PersonCollections.Contains(c))];
        var statements = new List<Statement>();
        foreach (var collection in owned)
        {
            var parameters = new List<(string, object)>();
            var step = plan.Steps.First(s => s.Collection == collection && s.Kind is StepKind.Identity or StepKind.BelongsTo);
            var sql = $"SELECT {Columns(plan.ColumnsFor(step))} FROM {WalkSql.Quote(collection)} WHERE {OwnedWhere(plan, collection, identities, chosen, postgres, parameters)}";
            statements.Add(new Statement(step, RowRole.Owned, plan.PersonCollections.Contains(collection), sql, parameters));
        }

        foreach (var step in plan.Steps.Where(s => s.Kind is StepKind.Mention or StepKind.Context))
        {
            var parameters = new List<(string, object)>();
            var sql = new StringBuilder($"SELECT {Columns(plan.ColumnsFor(step))} FROM {WalkSql.Quote(step.Collection)} WHERE {WalkSql.Quote(step.KeyColumn!)} IN (")
                .Append(OwnedSelect(plan, step.FromCollection!, step.FromColumn!, identities, chosen, postgres, parameters)).Append(')');
            AppendWhen(sql, step.When, postgres, parameters);
            statements.Add(new Statement(step, step.Kind == StepKind.Mention ? RowRole.Mention : RowRole.Context, false, sql.ToString(), parameters));
        }

        return statements;
    }

    private static string OwnedSelect(
        WalkPlan plan, string collection, string column, IReadOnlyCollection<Identity> identities, IReadOnlyDictionary<string, string> chosen, bool postgres,
        List<(string, object)> parameters) =>
        $"SELECT {WalkSql.Quote(column)} FROM {WalkSql.Quote(collection)} WHERE {OwnedWhere(plan, collection, identities, chosen, postgres, parameters)}";

    /// <summary>The rows of a collection that are the person's: matched by an identity, or belonging to a row of theirs, and meeting the collection's when.</summary>
    private static string OwnedWhere(
        WalkPlan plan, string collection, IReadOnlyCollection<Identity> identities, IReadOnlyDictionary<string, string> chosen, bool postgres,
        List<(string Name, object Value)> parameters)
    {
        var ways = new List<string>();
        IReadOnlyList<RowCondition> when = [];
        foreach (var step in plan.Steps.Where(s => s.Collection == collection && s.Kind is StepKind.Identity or StepKind.BelongsTo))
        {
            when = step.When;
            if (step.Kind == StepKind.BelongsTo)
            {
                ways.Add($"{WalkSql.Quote(step.KeyColumn!)} IN ({OwnedSelect(plan, step.FromCollection!, step.FromColumn!, identities, chosen, postgres, parameters)})");
                continue;
            }

            var parts = new List<string>();
            foreach (var (column, type) in step.IdentityColumns)
            {
                var values = IdentityMatch.Values(type, identities.First(i => i.Type == type).Value, plan.Country, postgres);
                if (values.Any(v => v.Contains('\0', StringComparison.Ordinal)))
                {
                    // No text column can hold a NUL, so such a value matches nothing.
                    parts.Add("1 = 0");
                    continue;
                }

                var names = values.Select(v => Add(parameters, v)).ToList();
                var expression = IdentityMatch.Column(type, WalkSql.Quote(column));
                parts.Add(names.Count == 1 ? $"{expression} = {names[0]}" : $"{expression} IN ({string.Join(", ", names)})");
            }

            ways.Add("(" + string.Join(" AND ", parts) + ")");
        }

        var sql = new StringBuilder("(").AppendJoin(" OR ", ways).Append(')');
        AppendWhen(sql, when, postgres, parameters);
        if (chosen.TryGetValue(collection, out var key))
        {
            var keyColumn = WalkSql.Quote(plan.RowKeys.GetValueOrDefault(collection, "id"));
            sql.Append(" AND ").Append(postgres ? $"{keyColumn}::text" : $"CAST({keyColumn} AS TEXT)").Append(" = ").Append(Add(parameters, key));
        }

        return sql.ToString();
    }

    private static void AppendWhen(StringBuilder sql, IReadOnlyList<RowCondition> when, bool postgres, List<(string Name, object Value)> parameters)
    {
        if (when.Count == 0)
        {
            return;
        }

        // The conditions' SQL names its parameters @w0, @w0_1, …; renamed here so that several collections' conditions share one statement.
        var step = new WalkStep(StepKind.Context, "x", [], KeyColumn: "x") { When = when };
        var condition = WalkSql.For(step, ["x"], postgres);
        condition = condition[(condition.IndexOf(" AND ", StringComparison.Ordinal) + 5)..];
        var renamed = WalkSql.ConditionParameters(step).OrderByDescending(p => p.Name.Length).ToList();
        foreach (var (name, value) in renamed)
        {
            var fresh = $"@p{parameters.Count}";
            condition = condition.Replace(name, fresh, StringComparison.Ordinal);
            parameters.Add((fresh, value));
        }

        sql.Append(" AND ").Append(condition);
    }

    private static string Add(List<(string Name, object Value)> parameters, object value)
    {
        var name = $"@p{parameters.Count}";
        parameters.Add((name, value));
        return name;
    }

    private static string Columns(IReadOnlyList<string> columns) => string.Join(", ", columns.Select(WalkSql.Quote));
}
