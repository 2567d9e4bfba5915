using System.Text;

namespace Lethe.Execution;

/// <summary>
/// The SQL of a walk step. It reads the named columns only. Identifiers come from a validated manifest (plain names only) and are quoted; values are
/// always parameters; keys found earlier are passed as one array parameter (<c>= ANY(@keys)</c> on PostgreSQL, a JSON
/// array through <c>json_each</c> on SQLite), so a batch is one statement whatever its size.
/// </summary>
public static class WalkSql
{
    /// <param name="columns">The columns to read: never <c>*</c>, so what the data map does not name is never read.</param>
    public static string For(WalkStep step, IReadOnlyList<string> columns, bool postgres)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException($"No column of {step.Collection} is named to be read.", nameof(columns));
        }

        var sql = new StringBuilder("SELECT ").AppendJoin(", ", columns.Select(Quote)).Append(" FROM ").Append(Quote(step.Collection)).Append(" WHERE ");
        switch (step.Kind)
        {
            case StepKind.Identity:
                sql.Append(string.Join(" AND ", step.IdentityColumns.Select(c => $"{Quote(c.Column)} = @{c.IdentityType}")));
                break;
            case StepKind.Child:
            case StepKind.Parent:
                sql.Append(Quote(step.KeyColumn!)).Append(postgres ? " = ANY(@keys)" : " IN (SELECT value FROM json_each(@keys))");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "Unknown step kind.");
        }

        return sql.ToString();
    }

    public static string Quote(string identifier) =>
        identifier.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? "\"" + identifier + "\""
            : throw new ArgumentException($"'{identifier}' is not a plain identifier; the manifest should have refused it.", nameof(identifier));
}
