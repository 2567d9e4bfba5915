using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Lethe.Storage;

/// <summary>
/// PostgreSQL identifiers as the model maps an entity, quoted, for the few statements Lethe writes by hand on its hot
/// paths (the audit log's batches, the consent log's COPY): a renamed table or column moves them with the model.
/// </summary>
public static class PostgresNames
{
    /// <summary>The entity's table, with its schema when the model names one.</summary>
    public static string Table(IEntityType entity) =>
        entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(entity.GetTableName()!)}" : Quote(entity.GetTableName()!);

    /// <summary>The columns of <paramref name="properties"/>, comma-separated, in the order given.</summary>
    public static string Columns(IEntityType entity, params IEnumerable<string> properties) =>
        string.Join(", ", properties.Select(p => Quote(entity.FindProperty(p)!.GetColumnName())));

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
