using System.Text;
using Lethe.DataMap;

namespace Lethe.Execution;

/// <summary>
/// The SQL of a walk step. It reads the named columns only. Identifiers come from a validated manifest (plain names only) and are quoted; values are
/// always parameters; keys found earlier are passed as one array parameter (<c>= ANY(@keys)</c> on PostgreSQL, a JSON
/// array through <c>json_each</c> on SQLite), so a batch is one statement whatever its size. Identity columns are
/// compared through <see cref="IdentityMatch"/>; the collection's <c>when</c> is part of every statement.
/// </summary>
public static class WalkSql
{
    /// <param name="columns">The columns to read: never <c>*</c>, so what the data map does not name is never read.</param>
    /// <param name="identityValues">Per identity column of the step, how many spellings its value is compared with (1 when not given).</param>
    public static string For(WalkStep step, IReadOnlyList<string> columns, bool postgres, IReadOnlyList<int>? identityValues = null)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException($"No column of {step.Collection} is named to be read.", nameof(columns));
        }

        var sql = new StringBuilder("SELECT ").AppendJoin(", ", columns.Select(Quote)).Append(" FROM ").Append(Quote(step.Collection)).Append(" WHERE ");
        switch (step.Kind)
        {
            case StepKind.Identity:
                sql.Append(string.Join(" AND ", step.IdentityColumns.Select((c, i) =>
                {
                    var count = identityValues?[i] ?? 1;
                    var expression = IdentityMatch.Column(c.IdentityType, Quote(c.Column));
                    return count == 1 ? $"{expression} = @i{i}_0" : $"{expression} IN ({string.Join(", ", Enumerable.Range(0, count).Select(j => $"@i{i}_{j}"))})";
                })));
                break;
            case StepKind.BelongsTo or StepKind.Owns or StepKind.Mention or StepKind.Context:
                sql.Append(Quote(step.KeyColumn!)).Append(postgres ? " = ANY(@keys)" : " IN (SELECT value FROM json_each(@keys))");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "Unknown step kind.");
        }

        for (var w = 0; w < step.When.Count; w++)
        {
            sql.Append(" AND ").Append(Condition(step.When[w], $"@w{w}", postgres));
        }

        return sql.ToString();
    }

    /// <summary>The parameters of a step's <c>when</c>, named as <see cref="For"/> names them.</summary>
    public static IEnumerable<(string Name, object Value)> ConditionParameters(WalkStep step)
    {
        for (var w = 0; w < step.When.Count; w++)
        {
            var condition = step.When[w];
            if (condition.EqualsValue is { } value)
            {
                yield return ($"@w{w}", value);
            }

            var list = condition.In ?? condition.NotIn;
            for (var j = 0; list is not null && j < list.Count; j++)
            {
                yield return ($"@w{w}_{j}", list[j]);
            }
        }
    }

    /// <summary>
    /// One condition, compared as text so that a value written in YAML matches an integer, boolean or text column alike;
    /// an empty column meets neither <c>in</c> nor <c>notIn</c>. Its parameters are <paramref name="name"/> and
    /// <c>{name}_{j}</c>, as <see cref="ConditionParameters"/> names them for a step.
    /// </summary>
    internal static string Condition(RowCondition condition, string name, bool postgres)
    {
        var column = Quote(condition.Field);
        var text = postgres ? $"{column}::text" : $"CAST({column} AS TEXT)";
        if (condition.IsNull is { } isNull)
        {
            return $"{column} IS {(isNull ? "" : "NOT ")}NULL";
        }

        if (condition.EqualsValue is not null)
        {
            return $"{text} = {name}";
        }

        var list = condition.In ?? condition.NotIn ?? [];
        if (list.Count == 0)
        {
            // in: [] matches nothing; notIn: [] every row with a value.
            return condition.In is not null ? "1 = 0" : $"{column} IS NOT NULL";
        }

        var values = string.Join(", ", Enumerable.Range(0, list.Count).Select(j => $"{name}_{j}"));
        return condition.In is not null ? $"{text} IN ({values})" : $"{text} NOT IN ({values})";
    }

    public static string Quote(string identifier) =>
        identifier.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? "\"" + identifier + "\""
            : throw new ArgumentException($"'{identifier}' is not a plain identifier; the manifest should have refused it.", nameof(identifier));
}
