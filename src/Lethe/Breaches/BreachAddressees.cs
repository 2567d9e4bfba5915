using System.Data.Common;
using System.Globalization;
using Lethe.Connectors;
using Lethe.DataMap;

namespace Lethe.Breaches;

/// <summary>One person to write to: the address as the datastore holds it, and the language of the letter.</summary>
public sealed record Addressee(string Email, string Language);

/// <summary>
/// What the data map finds about the people of one affected datastore: how many there are (as <see cref="BreachCounts"/>
/// counts them), how many of those have an address, or why it could not be read.
/// </summary>
public sealed record DatastoreAddressees(string Datastore, long? People, long? WithAddress, string? Problem);

/// <summary>
/// The people a breach's letters go to (Art. 34): exactly the owners of the affected rows by the data map's ownership
/// rules — the same people <see cref="BreachCounts"/> counts — each with the e-mail address of their person row (the
/// field that <c>identifies: email</c>, or else holds <c>contact.email</c>) and their language (<c>contact.language</c>).
/// One letter per address: a person found in two collections or two datastores under one address gets one.
/// </summary>
public sealed record BreachAddressees(IReadOnlyList<Addressee> People, IReadOnlyList<DatastoreAddressees> Datastores)
{
    /// <summary>People the data map finds affected with no usable address (a sum per datastore, like the counts).</summary>
    public long WithoutAddress => Datastores.Sum(d => Math.Max(0, (d.People ?? 0) - (d.WithAddress ?? 0)));

    /// <summary>Some affected datastore could not be read: people in it are not among <see cref="People"/>.</summary>
    public bool Incomplete => Datastores.Any(d => d.Problem is not null);

    /// <summary>Letters per language, in the catalogue's order: <c>da=12 nb=3 en=1</c>.</summary>
    public string Languages => string.Join(' ', People.GroupBy(p => p.Language).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"{g.Key}={g.Count().ToString(CultureInfo.InvariantCulture)}"));

    public static async Task<BreachAddressees> FindAsync(BreachImpact impact, TenantConnections connections, string fallbackLanguage, CancellationToken ct)
    {
        var people = new Dictionary<string, Addressee>(StringComparer.Ordinal);
        var stores = new List<DatastoreAddressees>();
        foreach (var group in impact.Collections.GroupBy(c => c.DatastoreName, StringComparer.Ordinal))
        {
            var store = group.First().Store;
            if (!store.Kind.IsSql)
            {
                stores.Add(new DatastoreAddressees(group.Key, null, null, $"a {store.Kind} datastore is not read by Lethe; ask its owner to write to its people"));
                continue;
            }

            try
            {
                var connectionString = connections.ConnectionString(store.Connection, group.Key);
                await using var connection = await connections.OpenAsync(store, group.Key, connectionString, ct);
                var postgres = connection is Npgsql.NpgsqlConnection;
                var affected = group.Select(c => c.Collection).ToList();
                var count = new BreachCountSql(store, postgres).People(affected) is { } statement
                    ? await Retention.RetentionBatch.CountAsync(connection, statement, ct)
                    : 0;
                long withAddress = 0;
                foreach (var person in store.Collections.Where(c => c.IsPerson))
                {
                    if (EmailField(person) is not { } email
                        || new BreachCountSql(store, postgres).Contacts(affected, person, email, LanguageField(person)) is not { } contacts)
                    {
                        continue;
                    }

                    await foreach (var (address, language) in ReadAsync(connection, contacts, ct))
                    {
                        if (Usable(address) is not { } usable)
                        {
                            continue;
                        }

                        withAddress++;
                        people.TryAdd(usable.ToLowerInvariant(), new Addressee(usable, LetterLanguage.From(language, fallbackLanguage)));
                    }
                }

                stores.Add(new DatastoreAddressees(group.Key, count, withAddress, null));
            }
            catch (Exception e) when (DatastoreFailure.Is(e))
            {
                stores.Add(new DatastoreAddressees(group.Key, null, null, DatastoreFailure.Describe(e)));
            }
        }

        return new BreachAddressees(people.Values.OrderBy(p => p.Email, StringComparer.Ordinal).ToList(), stores);
    }

    /// <summary>The field a person row's e-mail address is in: the one that identifies the person by it, else one that holds it.</summary>
    public static Field? EmailField(Collection person) =>
        person.Fields.FirstOrDefault(f => f.Identifies == "email") ?? person.Fields.FirstOrDefault(f => f.Category == "contact.email");

    public static Field? LanguageField(Collection person) => person.Fields.FirstOrDefault(f => f.Category == LetterLanguage.Category);

    /// <summary>
    /// An address a letter can go to, trimmed; null for an empty one, or one erasure already hashed or replaced
    /// (<c>hmac:…</c>, <c>erased-…</c>): those people were erased and are not written to.
    /// </summary>
    public static string? Usable(string? address)
    {
        var text = address?.Trim();
        return string.IsNullOrEmpty(text) || text.Length > 254 || text.Contains(' ', StringComparison.Ordinal) || text.IndexOf('@', StringComparison.Ordinal) < 1
               || !MimeKit.MailboxAddress.TryParse(text, out var parsed) || parsed.Address != text
            ? null
            : text;
    }

    private static async IAsyncEnumerable<(string? Address, string? Language)> ReadAsync(
        DbConnection connection, Retention.SqlStatement statement, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = Retention.RetentionBatch.Command(connection, null, statement);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return (reader.IsDBNull(1) ? null : Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture),
                reader.IsDBNull(2) ? null : Convert.ToString(reader.GetValue(2), CultureInfo.InvariantCulture));
        }
    }
}
