using System.Text.Json;
using System.Text.Json.Serialization;
using Lethe.Connectors;
using Lethe.Retention;

namespace Lethe.Breaches;

/// <summary>
/// What a breach touched in one datastore: rows of personal data and their distinct owners, or why it was not counted
/// (a webhook or manual system, a datastore out of reach).
/// </summary>
public sealed record DatastoreCount(string Datastore, long? Records, long? People, string? Problem);

/// <summary>
/// The approximate numbers of Art. 33(3)(a): per datastore, summed. A person kept in two datastores is counted in each,
/// so the total of people is an upper bound; that is what "approximate" allows, and each datastore's own number is exact.
/// </summary>
public sealed record BreachCounts(IReadOnlyList<DatastoreCount> Datastores, DateTime CountedAt)
{
    public long Records => Datastores.Sum(d => d.Records ?? 0);

    public long People => Datastores.Sum(d => d.People ?? 0);

    /// <summary>Some affected datastore could not be counted: the numbers are a lower bound for what it holds.</summary>
    public bool Incomplete => Datastores.Any(d => d.Problem is not null);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static BreachCounts? Read(string? json) => json is null ? null : JsonSerializer.Deserialize<BreachCounts>(json, Options);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Counts each affected SQL datastore through the tenant's connections; the others are listed as not counted.</summary>
    /// <param name="customerKey">
    /// Counts only one customer's people (the company as processor, <see cref="CustomerScope"/>): a datastore without an
    /// <c>is: customer</c> collection, or without that key in it, is listed as not counted.
    /// </param>
    public static async Task<BreachCounts> CountAsync(BreachImpact impact, TenantConnections connections, DateTime now, CancellationToken ct, string? customerKey = null)
    {
        var counts = new List<DatastoreCount>();
        foreach (var group in impact.Collections.GroupBy(c => c.DatastoreName, StringComparer.Ordinal))
        {
            var store = group.First().Store;
            if (!store.Kind.IsSql)
            {
                counts.Add(new DatastoreCount(group.Key, null, null, $"a {store.Kind} datastore is not counted by Lethe; ask its owner"));
                continue;
            }

            CustomerScope? customer = null;
            if (customerKey is not null)
            {
                if (store.Collections.FirstOrDefault(c => c.IsCustomer) is not { } customers)
                {
                    counts.Add(new DatastoreCount(group.Key, null, null, "the data map does not say whose customer a row is here (no collection is: customer)"));
                    continue;
                }

                customer = new CustomerScope(customers, customerKey);
            }

            try
            {
                var connectionString = connections.ConnectionString(store.Connection, group.Key);
                await using var connection = await connections.OpenAsync(store, group.Key, connectionString, ct);
                var sql = new BreachCountSql(store, connection is Npgsql.NpgsqlConnection, customer);
                if (customer is not null && await RetentionBatch.CountAsync(connection, sql.CustomerExists(), ct) == 0)
                {
                    counts.Add(new DatastoreCount(group.Key, null, null, $"customer key '{customerKey}' is not in {group.Key}.{customer.Customers.Name}"));
                    continue;
                }

                long records = 0;
                foreach (var collection in group.Select(c => c.Collection).Where(c => c.IsOwned))
                {
                    var statement = sql.Records(collection);
                    records += statement.Sql.Length == 0 ? 0 : await RetentionBatch.CountAsync(connection, statement, ct);
                }

                var people = sql.People(group.Select(c => c.Collection)) is { } owners ? await RetentionBatch.CountAsync(connection, owners, ct) : 0;
                counts.Add(sql.Unattributed.Count == 0
                    ? new DatastoreCount(group.Key, records, people, null)
                    : new DatastoreCount(group.Key, records, people,
                        $"whose customer the people of {string.Join(", ", sql.Unattributed.Order(StringComparer.Ordinal))} are cannot be told: they do not reference {customer!.Customers.Name}"));
            }
            catch (Exception e) when (DatastoreFailure.Is(e))
            {
                counts.Add(new DatastoreCount(group.Key, null, null, DatastoreFailure.Describe(e)));
            }
        }

        return new BreachCounts(counts, now);
    }
}
