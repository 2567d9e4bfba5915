using System.Text;
using System.Text.RegularExpressions;

namespace Lethe.Tests.Ownership;

/// <summary>
/// Turns the Northwind PostgreSQL dump into a SQLite script, mechanically, when the test run first needs it: the dump's
/// <c>ALTER TABLE ONLY … ADD CONSTRAINT</c> primary and foreign keys (SQLite cannot add them later) move into their
/// <c>CREATE TABLE</c>, <c>bytea</c> becomes <c>BLOB</c> and its empty value <c>'\x'</c> becomes <c>X''</c>, and the
/// <c>SET</c> lines go. Column types, names and every value are otherwise kept as the dump writes them.
/// </summary>
public static partial class NorthwindForSqlite
{
    public static string Convert(string dump)
    {
        var drops = new List<string>();
        var tables = new List<(string Name, string Body)>();
        var inserts = new List<string>();
        var constraints = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var withoutComments = string.Join('\n', dump.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)));
        foreach (var statement in Statements(withoutComments))
        {
            if (statement.StartsWith("SET ", StringComparison.Ordinal))
            {
                continue;
            }

            if (statement.StartsWith("DROP TABLE", StringComparison.Ordinal))
            {
                drops.Add(statement);
            }
            else if (CreateTable().Match(statement) is { Success: true } create)
            {
                tables.Add((create.Groups["name"].Value, Bytea().Replace(create.Groups["body"].Value, " BLOB")));
            }
            else if (AddConstraint().Match(statement) is { Success: true } alter)
            {
                var table = alter.Groups["table"].Value;
                if (!constraints.TryGetValue(table, out var list))
                {
                    list = [];
                    constraints[table] = list;
                }

                list.Add(alter.Groups["constraint"].Value);
            }
            else if (statement.StartsWith("INSERT INTO", StringComparison.Ordinal))
            {
                inserts.Add(EmptyBytea().Replace(statement, "X''"));
            }
            else
            {
                throw new InvalidOperationException($"The Northwind dump has a statement the conversion does not know: {statement[..Math.Min(80, statement.Length)]}");
            }
        }

        var script = new StringBuilder();
        foreach (var drop in drops)
        {
            script.Append(drop).Append(";\n");
        }

        foreach (var (name, body) in tables)
        {
            var parts = body.TrimEnd().TrimEnd(',');
            var extra = constraints.GetValueOrDefault(name) ?? [];
            script.Append("CREATE TABLE ").Append(name).Append(" (").Append(parts);
            foreach (var constraint in extra)
            {
                script.Append(",\n    ").Append(constraint);
            }

            script.Append("\n);\n");
        }

        foreach (var insert in inserts)
        {
            script.Append(insert).Append(";\n");
        }

        return script.ToString();
    }

    /// <summary>The statements of a script, split at semicolons outside string literals.</summary>
    private static IEnumerable<string> Statements(string script)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < script.Length; i++)
        {
            if (script[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (script[i] == ';' && !quoted)
            {
                var statement = script[start..i].Trim();
                if (statement.Length > 0)
                {
                    yield return statement;
                }

                start = i + 1;
            }
        }

        if (script[start..].Trim() is { Length: > 0 } rest)
        {
            throw new InvalidOperationException($"The Northwind dump ends inside a statement: {rest[..Math.Min(80, rest.Length)]}");
        }
    }

    [GeneratedRegex(@"^CREATE TABLE (?<name>\w+) \((?<body>.*)\)$", RegexOptions.Singleline)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^ALTER TABLE ONLY (?<table>\w+)\s+ADD (?<constraint>CONSTRAINT \w+ (PRIMARY KEY|FOREIGN KEY) .*)$", RegexOptions.Singleline)]
    private static partial Regex AddConstraint();

    [GeneratedRegex(@" bytea\b")]
    private static partial Regex Bytea();

    [GeneratedRegex(@"(?<=[(,]\s*)'\\x'(?=\s*[,)])")]
    private static partial Regex EmptyBytea();
}
