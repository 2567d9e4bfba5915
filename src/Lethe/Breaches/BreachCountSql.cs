using System.Text;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Retention;

namespace Lethe.Breaches;

/// <summary>
/// The statements that count what a breach touched in one SQL datastore, by the data map's ownership rules
/// (docs/manifest.md § "Whose row is it"): records are the rows of the affected collections that are personal data (those
/// that belong to someone and meet the collection's <c>when</c>); people are their distinct owners — a row that is a
/// person is its own owner, a row that belongs to one is owned by whoever owns the row its <c>belongsTo</c> reference
/// points to, followed to the person. Nothing is guessed from column names, and no value is read: only counts.
/// </summary>
public sealed class BreachCountSql
{
    private const string CustomerParameter = "@customer";
    private readonly Dictionary<string, Collection> _byName;
    private readonly bool _postgres;
    private readonly CustomerScope? _customer;
    private readonly List<(string Name, object Value)> _parameters = [];
    private readonly HashSet<string> _unattributed = new(StringComparer.Ordinal);
    private int _conditions;

    /// <param name="customer">
    /// Counts only what belongs to one customer the company serves as processor: the rows owned by people whose
    /// <c>is: person</c> row references that customer's row of the <c>is: customer</c> collection.
    /// </param>
    public BreachCountSql(Datastore store, bool postgres, CustomerScope? customer = null)
    {
        _byName = store.Collections.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _postgres = postgres;
        _customer = customer;
    }

    /// <summary>
    /// Person collections met while counting for a customer whose rows do not reference the customer collection: whose
    /// customer their people are cannot be told, so their rows were left out and the count is not the whole.
    /// </summary>
    public IReadOnlyCollection<string> Unattributed => _unattributed;

    /// <summary>Rows of <paramref name="collection"/> that are personal data (of the customer's people, when counting for one).</summary>
    public SqlStatement Records(Collection collection) => Statement(() =>
    {
        var where = _customer is null ? Where(collection, null) : OfCustomer(collection, 0);
        return where is null ? "" : $"SELECT COUNT(*) FROM {WalkSql.Quote(collection.Name)} WHERE {where}";
    });

    /// <summary>Whether the customer's key names a row of the customer collection: 1 when it does, 0 when it is unknown there.</summary>
    public SqlStatement CustomerExists()
    {
        var customer = _customer ?? throw new InvalidOperationException("Not counting for a customer.");
        return Statement(() => $"SELECT COUNT(*) FROM {WalkSql.Quote(customer.Customers.Name)} WHERE {Text(customer.Customers.KeyColumn)} = {Customer()}");
    }

    /// <summary>
    /// The distinct owners of the rows of <paramref name="collections"/>, each as (person collection, key as text) so two
    /// person collections' keys never fall together; null when none of them belongs to anyone.
    /// </summary>
    public SqlStatement? People(IEnumerable<Collection> collections)
    {
        var statement = Statement(() =>
        {
            var owners = collections.Where(c => c.IsOwned).Select(c => Owners(c, null, 0)).OfType<string>().ToList();
            return owners.Count == 0 ? "" : $"SELECT COUNT(*) FROM ({string.Join(" UNION ", owners)}) owners";
        });
        return statement.Sql.Length == 0 ? null : statement;
    }

    /// <summary>
    /// The contact of each owner in the person collection <paramref name="person"/> among the owners of the rows of
    /// <paramref name="collections"/>: the key as text, the e-mail address and the language (NULL where the data map names
    /// no language field). Null when no row of <paramref name="collections"/> can be owned by someone in it.
    /// </summary>
    public SqlStatement? Contacts(IEnumerable<Collection> collections, Collection person, Field email, Field? language)
    {
        var statement = Statement(() =>
        {
            var owners = collections.Where(c => c.IsOwned).Select(c => Owners(c, null, 0)).OfType<string>().ToList();
            if (owners.Count == 0)
            {
                return "";
            }

            var key = WalkSql.Quote(person.KeyColumn);
            var text = _postgres ? $"{key}::text" : $"CAST({key} AS TEXT)";
            var spoken = language is null ? "NULL" : WalkSql.Quote(language.Name);
            // Collection names are SQL-safe by the manifest's rules, as in Owners below.
            return $"SELECT {text}, {WalkSql.Quote(email.Name)}, {spoken} FROM {WalkSql.Quote(person.Name)} "
                + $"WHERE {text} IN (SELECT owner_key FROM ({string.Join(" UNION ", owners)}) owners WHERE owner_collection = '{person.Name}')";
        });
        return statement.Sql.Length == 0 ? null : statement;
    }

    private SqlStatement Statement(Func<string> sql)
    {
        _parameters.Clear();
        _conditions = 0;
        var text = sql();
        return new SqlStatement(text, _parameters.Select(p => (p.Name, (object?)p.Value)).ToList());
    }

    private string Text(string column) => _postgres ? $"{WalkSql.Quote(column)}::text" : $"CAST({WalkSql.Quote(column)} AS TEXT)";

    /// <summary>The customer's key as the statement's parameter, compared as text: keys are numbers in one system and codes in another.</summary>
    private string Customer()
    {
        if (_parameters.All(p => p.Name != CustomerParameter))
        {
            _parameters.Add((CustomerParameter, _customer!.Key));
        }

        return CustomerParameter;
    }

    /// <summary>
    /// The condition on a person collection's rows that keeps the customer's people: its reference to the customer
    /// collection points at the customer's row. Null (and noted) when the collection has no such reference.
    /// </summary>
    private string? PeopleOfCustomer(Collection person)
    {
        var customers = _customer!.Customers;
        if (person.Fields.FirstOrDefault(f => f.References?.Collection == customers.Name) is not { References: { } reference } field)
        {
            _unattributed.Add(person.Name);
            return null;
        }

        return $"{WalkSql.Quote(field.Name)} IN (SELECT {WalkSql.Quote(reference.Field)} FROM {WalkSql.Quote(customers.Name)} "
            + $"WHERE {Text(customers.KeyColumn)} = {Customer()})";
    }

    /// <summary>The rows of <paramref name="collection"/> that are personal data of the customer's people; null where that cannot be told.</summary>
    private string? OfCustomer(Collection collection, int depth)
    {
        if (depth > _byName.Count)
        {
            return null;
        }

        if (collection.IsPerson)
        {
            return PeopleOfCustomer(collection) is { } people ? Where(collection, people) : null;
        }

        if (collection.BelongsTo is not { } belongsTo || collection.FieldNamed(belongsTo)?.References is not { } reference
            || !_byName.TryGetValue(reference.Collection, out var parent) || OfCustomer(parent, depth + 1) is not { } parentRows)
        {
            return null;
        }

        return Where(collection, $"{WalkSql.Quote(belongsTo)} IN (SELECT {WalkSql.Quote(reference.Field)} FROM {WalkSql.Quote(parent.Name)} WHERE {parentRows})");
    }

    /// <summary>The owners of the rows of <paramref name="collection"/> that meet <paramref name="filter"/>; null where the chain breaks.</summary>
    private string? Owners(Collection collection, string? filter, int depth)
    {
        // The manifest's checks refuse cycles; the bound keeps a broken data map from recursing for ever.
        if (depth > _byName.Count)
        {
            return null;
        }

        var table = WalkSql.Quote(collection.Name);
        if (collection.IsPerson)
        {
            if (_customer is not null)
            {
                if (PeopleOfCustomer(collection) is not { } people)
                {
                    return null;
                }

                filter = filter is null ? people : $"{filter} AND {people}";
            }

            return $"SELECT '{collection.Name}' AS owner_collection, {Text(collection.KeyColumn)} AS owner_key FROM {table} WHERE {Where(collection, filter)}";
        }

        if (collection.BelongsTo is not { } belongsTo || collection.FieldNamed(belongsTo)?.References is not { } reference
            || !_byName.TryGetValue(reference.Collection, out var parent))
        {
            return null;
        }

        var rows = $"SELECT {WalkSql.Quote(belongsTo)} FROM {table} WHERE {Where(collection, filter)}";
        return Owners(parent, $"{WalkSql.Quote(reference.Field)} IN ({rows})", depth + 1);
    }

    private string Where(Collection collection, string? filter)
    {
        var where = new StringBuilder(filter ?? "1 = 1");
        foreach (var condition in collection.When)
        {
            var name = $"@c{_conditions++}";
            where.Append(" AND ").Append(WalkSql.Condition(condition, name, _postgres));
            if (condition.EqualsValue is { } value)
            {
                _parameters.Add((name, value));
            }

            var list = condition.In ?? condition.NotIn;
            for (var j = 0; list is not null && j < list.Count; j++)
            {
                _parameters.Add(($"{name}_{j}", list[j]));
            }
        }

        return where.ToString();
    }
}

/// <summary>One customer of a processor in its datastore: the <c>is: customer</c> collection and the customer's key in it.</summary>
public sealed record CustomerScope(Collection Customers, string Key);
