using System.Globalization;
using System.Text;
using Lethe.Execution;

namespace Lethe.Retention;

/// <summary>
/// The due test of a retention rule's SQL: the anchor before the cutoff, the rule's condition, not held, not still
/// referenced (deletion), not kept by a chain to rows the law keeps (anonymization), and not yet erased (anonymization).
/// </summary>
public sealed partial class RetentionSql
{
    private StringBuilder Due(DateOnly cutoff, List<(string, object?)> parameters, bool withReferences = true)
    {
        var where = DueByDate(cutoff, parameters, withReferences);
        if (withReferences)
        {
            foreach (var chain in Chains(parameters))
            {
                where.Append(" AND NOT ").Append(chain);
            }
        }

        return where;
    }

    /// <summary>Due rows that rows kept by law still point at (through <see cref="RetentionTarget.HeldBy"/>): held, not changed.</summary>
    public SqlStatement CountHeldByLaw(DateOnly cutoff, IReadOnlyCollection<object> held)
    {
        if (target.HeldBy.Count == 0)
        {
            return new SqlStatement("SELECT 0", []);
        }

        var parameters = new List<(string, object?)>();
        var where = DueByDate(cutoff, parameters, withReferences: false);
        NotHeld(where, held, parameters);
        where.Append(" AND (").Append(string.Join(" OR ", Chains(parameters))).Append(')');
        return new SqlStatement($"SELECT count(*) FROM {Table} t WHERE {where}", parameters);
    }

    /// <summary>One <c>EXISTS</c> per chain: a row at its far end still inside its rule's minimum period.</summary>
    private List<string> Chains(List<(string, object?)> parameters)
    {
        var tests = new List<string>();
        for (var c = 0; c < target.HeldBy.Count; c++)
        {
            var chain = target.HeldBy[c];
            var name = $"@kept{c}";
            var last = chain.Hops[^1].Collection;
            parameters.Add((name, AnchorValue($"{last}.{chain.AnchorColumn}", chainCutoffs?[c] ?? DateOnly.MaxValue)));
            var test = $"r{chain.Hops.Count}.{WalkSql.Quote(chain.AnchorColumn)} >= {name}";
            for (var h = chain.Hops.Count - 1; h >= 0; h--)
            {
                var hop = chain.Hops[h];
                var from = h == 0 ? "t" : $"r{h}";
                test = $"EXISTS (SELECT 1 FROM {WalkSql.Quote(hop.Collection)} r{h + 1} WHERE r{h + 1}.{WalkSql.Quote(hop.Column)} = {from}.{WalkSql.Quote(hop.ReferencedColumn)} AND {test})";
            }

            tests.Add(test);
        }

        return tests;
    }

    private StringBuilder DueByDate(DateOnly cutoff, List<(string, object?)> parameters, bool withReferences)
    {
        var anchor = WalkSql.Quote(target.AnchorColumn);
        parameters.Add(("@cutoff", Anchor(cutoff)));
        var where = new StringBuilder().Append(anchor).Append(" IS NOT NULL AND ").Append(anchor).Append(" < @cutoff");
        if (target.Rule.Condition is { } condition)
        {
            var column = WalkSql.Quote(condition.Field);
            if (condition.IsNull is { } isNull)
            {
                where.Append(" AND ").Append(column).Append(isNull ? " IS NULL" : " IS NOT NULL");
            }
            else
            {
                parameters.Add(("@condition", Typed(condition.EqualsValue!, columns.GetValueOrDefault($"{target.Collection.Name}.{condition.Field}", ColumnKind.Text))));
                where.Append(" AND ").Append(column).Append(" = @condition");
            }
        }

        if (target.DeletesRows)
        {
            if (withReferences)
            {
                foreach (var reference in target.ReferencedBy)
                {
                    where.Append(" AND NOT ").Append(Exists(reference));
                }
            }
        }
        else
        {
            where.Append(" AND (").Append(string.Join(" OR ", target.Strategies.Select(f => NotErased(f, parameters)))).Append(')');
        }

        return where;
    }

    private string Exists(RetentionReference r) =>
        $"EXISTS (SELECT 1 FROM {WalkSql.Quote(r.Collection)} r WHERE r.{WalkSql.Quote(r.Column)} = t.{WalkSql.Quote(r.ReferencedColumn)})";

    private void NotHeld(StringBuilder where, IReadOnlyCollection<object> held, List<(string, object?)> parameters)
    {
        if (held.Count > 0)
        {
            parameters.Add(("@held", Keys(held)));
            where.Append(" AND ").Append(postgres ? $"NOT ({KeyColumn} = ANY(@held))" : $"{KeyColumn} NOT IN (SELECT value FROM json_each(@held))");
        }
    }

    /// <summary>A test that is true while the field still holds a value its strategy would change.</summary>
    private string NotErased(Lethe.DataMap.Field field, List<(string, object?)> parameters)
    {
        var c = WalkSql.Quote(field.Name);
        switch (field.Erasure)
        {
            case ErasureStrategy.SetNull:
                return $"{c} IS NOT NULL";
            case ErasureStrategy.Replace:
                var name = $"@r{parameters.Count}";
                parameters.Add((name, field.Replacement));
                return postgres ? $"{c} IS DISTINCT FROM {name}" : $"{c} IS NOT {name}";
            case ErasureStrategy.Hash:
                return $"({c} IS NOT NULL AND {c} NOT LIKE 'hmac:%')";
            case ErasureStrategy.Random:
                return $"({c} IS NOT NULL AND {c} NOT LIKE 'erased-%')";
            case ErasureStrategy.TruncateDate:
                return postgres
                    ? $"{c} <> date_trunc('year', {c})"
                    : $"({c} IS NOT NULL AND {c} NOT IN (substr({c}, 1, 4) || '-01-01', substr({c}, 1, 4) || '-01-01T00:00:00Z'))";
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Erasure, "Not a field strategy.");
        }
    }

    private string Expression(Lethe.DataMap.Field field, List<(string, object?)> parameters)
    {
        var c = WalkSql.Quote(field.Name);
        switch (field.Erasure)
        {
            case ErasureStrategy.SetNull:
                return "NULL";
            case ErasureStrategy.Replace:
                var name = $"@r{parameters.Count}";
                parameters.Add((name, field.Replacement));
                return name;
            case ErasureStrategy.TruncateDate:
                return postgres
                    ? $"date_trunc('year', {c})"
                    : $"CASE WHEN length({c}) = 10 THEN substr({c}, 1, 4) || '-01-01' ELSE substr({c}, 1, 4) || '-01-01T00:00:00Z' END";
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Erasure, "Computed in Lethe, not in SQL.");
        }
    }

    /// <summary>The cutoff in the anchor column's own type, so an index on it is used and no value is cast.</summary>
    private object Anchor(DateOnly day) => AnchorValue($"{target.Collection.Name}.{target.AnchorColumn}", day);

    private object AnchorValue(string column, DateOnly day)
    {
        return columns.GetValueOrDefault(column) switch
        {
            ColumnKind.Date when postgres => day,
            ColumnKind.Timestamp when postgres => types.GetValueOrDefault(column, "").Contains("with time zone", StringComparison.Ordinal) || types.GetValueOrDefault(column, "") == "timestamptz"
                ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
                : day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
            // SQLite keeps dates as ISO text; the date alone sorts before any time on that day.
            _ => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }
}
