using System.Globalization;
using System.Text;

namespace Lethe.Tests.Ownership;

/// <summary>The SQL type of a generated column: what the DDL says on SQLite and PostgreSQL.</summary>
public enum ColumnType
{
    Integer,
    Text,
}

/// <summary>
/// One column as the oracle reads the data map: what it identifies, what it references, whether the reference owns
/// its target, whether it is disclosed, and how it is erased. Kept apart from the engine's model on purpose.
/// </summary>
public sealed record ColumnSpec(string Name, ColumnType Type = ColumnType.Text)
{
    public string? Identifies { get; init; }

    /// <summary><c>collection.field</c>.</summary>
    public string? References { get; init; }

    public bool Owns { get; init; }

    public bool Disclose { get; init; } = true;

    public string? Erasure { get; init; }

    public string? Replacement { get; init; }

    public string? Category { get; init; }

    // The oracle reads its own spec rather than the engine's ColumnRef, so a mistake in the engine's reading cannot agree with itself.
    public string? ReferencedTable => References?.Split('.')[0];

    public string? ReferencedColumn => References?.Split('.')[1];
}

/// <summary>A <c>mentions</c> entry: the referencing field, and what of the row is about the mentioned person.</summary>
public sealed record MentionSpec(string Field, IReadOnlyList<string> Fields);

/// <summary>A <c>when</c> condition: exactly one of the tests is set.</summary>
public sealed record ConditionSpec(string Field)
{
    public string? EqualsValue { get; init; }

    public IReadOnlyList<string>? In { get; init; }

    public IReadOnlyList<string>? NotIn { get; init; }

    public bool? IsNull { get; init; }
}

/// <summary>A collection with its ownership annotations. <see cref="Key"/> null: no key column, rows are told apart by their full value.</summary>
public sealed record TableSpec(string Name, IReadOnlyList<ColumnSpec> Columns)
{
    public string? Key { get; init; } = "id";

    /// <summary>The columns of a composite PRIMARY KEY, for a table without <see cref="Key"/>.</summary>
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];

    public string? Is { get; init; }

    public string? BelongsTo { get; init; }

    public IReadOnlyList<MentionSpec> Mentions { get; init; } = [];

    public IReadOnlyList<ConditionSpec> When { get; init; } = [];

    public bool HasOwner => Is is not null || BelongsTo is not null;

    public ColumnSpec Column(string name) => Columns.Single(c => c.Name == name);

    /// <summary>The table the <see cref="BelongsTo"/> field points to.</summary>
    public string? Parent => BelongsTo is null ? null : Column(BelongsTo).ReferencedTable;

    public bool HasDeleteRow => Columns.Any(c => c.Erasure == "delete-row");
}

/// <summary>The ownership view of one datastore: its tables with their annotations, and the DDL and data-map model for them.</summary>
public sealed partial record OwnershipMap(IReadOnlyList<TableSpec> Tables)
{
    public TableSpec Table(string name) => Tables.Single(t => t.Name == name);

    /// <summary>CREATE TABLE statements, one per table, in the order given (no foreign keys: the walk must not lean on them).</summary>
    public IEnumerable<string> CreateStatements(bool postgres)
    {
        foreach (var table in Tables)
        {
            var sql = new StringBuilder($"CREATE TABLE {Quote(table.Name)} (");
            sql.AppendJoin(", ", table.Columns.Select(c =>
                $"{Quote(c.Name)} {(c.Type == ColumnType.Integer ? postgres ? "bigint" : "INTEGER" : "TEXT")}{(c.Name == table.Key ? " PRIMARY KEY" : "")}"));
            if (table.PrimaryKey.Count > 0)
            {
                sql.Append(CultureInfo.InvariantCulture, $", PRIMARY KEY ({string.Join(", ", table.PrimaryKey.Select(Quote))})");
            }

            yield return sql.Append(')').ToString();
        }
    }

    public static string Quote(string identifier) =>
        identifier.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')
            ? $"\"{identifier}\""
            : throw new ArgumentException($"Not a plain identifier: {identifier}", nameof(identifier));

    /// <summary>A value as SQL literal text: numbers bare, text quoted with doubled quotes, null as NULL.</summary>
    public static string Literal(object? value) => value switch
    {
        null => "NULL",
        long or int or short => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => "'" + Convert.ToString(value, CultureInfo.InvariantCulture)!.Replace("'", "''", StringComparison.Ordinal) + "'",
    };
}
