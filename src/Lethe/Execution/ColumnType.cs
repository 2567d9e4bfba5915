namespace Lethe.Execution;

/// <summary>What kind of value a live column holds, from the type its database declares.</summary>
public enum ColumnKind
{
    Other = 0,
    Text,
    Integer,
    Decimal,
    Boolean,
    Date,
    Timestamp,
}

public static class ColumnType
{
    /// <summary>Classifies a PostgreSQL data type or a SQLite declared type (by SQLite's affinity rules, plus date names).</summary>
    public static ColumnKind Of(string declared)
    {
        var t = declared.Trim().ToLowerInvariant();
        return t switch
        {
            "date" => ColumnKind.Date,
            _ when t.StartsWith("timestamp", StringComparison.Ordinal) || t is "datetime" or "time with time zone" => ColumnKind.Timestamp,
            "boolean" or "bool" => ColumnKind.Boolean,
            _ when t.Contains("int", StringComparison.Ordinal) => ColumnKind.Integer,
            _ when t.Contains("char", StringComparison.Ordinal) || t.Contains("text", StringComparison.Ordinal) || t.Contains("clob", StringComparison.Ordinal) || t is "citext" => ColumnKind.Text,
            _ when t.StartsWith("numeric", StringComparison.Ordinal) || t.StartsWith("decimal", StringComparison.Ordinal) || t is "real" or "double precision" or "float" or "double" or "money" => ColumnKind.Decimal,
            _ => ColumnKind.Other,
        };
    }
}
