using Lethe.DataMap;

namespace Lethe.Connectors;

/// <summary>One finding of the live check: where, and what is wrong or missing.</summary>
public sealed record DatastoreFinding(string Datastore, string Kind, string Message)
{
    public override string ToString() => $"{Datastore}: {Message}";
}

/// <summary>
/// Compares the manifest with the live databases: tables and columns it names that do not exist, and columns that look
/// personal (by name) that it does not describe — personal data Lethe would otherwise never find, erase or report.
/// </summary>
public static class DatastoreCheck
{
    public const string Missing = "missing";
    public const string Undescribed = "undescribed";
    public const string Unreachable = "unreachable";

    public static async Task<IReadOnlyList<DatastoreFinding>> RunAsync(
        Manifest manifest, Func<Datastore, string?> connectionFor, CancellationToken cancellationToken, OwnStore? own = null)
    {
        var findings = new List<DatastoreFinding>();
        foreach (var system in manifest.Systems)
        {
            foreach (var store in system.Datastores.Where(d => d.Kind.IsSql))
            {
                var name = $"{system.Key}.{store.Key}";
                if (connectionFor(store) is not { } connectionString)
                {
                    findings.Add(new DatastoreFinding(name, Unreachable, $"not checked: no connection for {store.Connection}"));
                    continue;
                }

                LiveSchema schema;
                try
                {
                    await using var connection = LiveSchema.Connect(store.Kind, connectionString);
                    await connection.OpenAsync(cancellationToken);
                    if (own is not null && await own.RefusesAsync(connection, cancellationToken) is { } refusal)
                    {
                        findings.Add(new DatastoreFinding(name, Unreachable, $"not checked: Lethe refuses this connection: {refusal}"));
                        continue;
                    }

                    schema = await LiveSchema.ReadAsync(connection, cancellationToken);
                }
                catch (System.Data.Common.DbException e)
                {
                    findings.Add(new DatastoreFinding(name, Unreachable, $"cannot connect: {e.Message}"));
                    continue;
                }
                catch (ArgumentException)
                {
                    // The message may quote the connection string, password and all: say only which reference is wrong.
                    findings.Add(new DatastoreFinding(name, Unreachable, $"the connection string in {store.Connection} is not a valid {store.Kind} connection string"));
                    continue;
                }

                findings.AddRange(Compare(name, store, schema));
            }
        }

        return findings;
    }

    public static IEnumerable<DatastoreFinding> Compare(string name, Datastore store, LiveSchema schema)
    {
        foreach (var collection in store.Collections)
        {
            if (!schema.Tables.TryGetValue(collection.Name, out var columns))
            {
                yield return new DatastoreFinding(name, Missing, DatastoreMessages.TableMissing(collection.Name));
                continue;
            }

            foreach (var field in collection.Fields.Where(f => !columns.Any(c => string.Equals(c.Name, f.Name, StringComparison.OrdinalIgnoreCase))))
            {
                yield return new DatastoreFinding(name, Missing, DatastoreMessages.ColumnMissing($"{collection.Name}.{field.Name}"));
            }
        }

        var described = store.Collections.SelectMany(c => c.Fields.Select(f => $"{c.Name}.{f.Name}")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (table, columns) in schema.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            foreach (var column in columns.Where(c => !described.Contains($"{table}.{c.Name}") && PersonalColumnName.Looks(table, c)))
            {
                var where = store.Collections.Any(c => string.Equals(c.Name, table, StringComparison.OrdinalIgnoreCase)) ? "" : " (in a table the manifest does not name)";
                yield return new DatastoreFinding(name, Undescribed,
                    $"the column {table}.{column.Name} looks personal but the manifest does not describe it{where}");
            }
        }
    }
}
