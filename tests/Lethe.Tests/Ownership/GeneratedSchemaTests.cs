using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Ownership;

/// <summary>
/// The oracle's SQL against a naive fixpoint over the generated rows in memory, on many generated stores: two ways to
/// the same answer, so a wrong recursive query in the oracle cannot pass for the truth.
/// </summary>
public sealed class GeneratedSchemaTests
{
    public const int Seeds = 40;

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_oracle_agrees_with_a_naive_fixpoint_in_memory_on_generated_stores(DatabaseProvider provider)
    {
        var shapes = new HashSet<string>();
        int mentions = 0, ownReferenced = 0, sharedReferenced = 0;
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var store = GeneratedSchemas.Generate(seed);
            var random = new Random(seed);
            await using var database = await OwnershipDatabase.CreateAsync(provider, store.Map, store.Rows);
            foreach (var person in store.People.Take(3))
            {
                var identities = store.IdentitiesOf(person, random);
                var answer = await OwnershipOracle.ComputeAsync(database.Connection, store.Map, identities, default);
                var naive = Naive(store, identities);
                var context = $"seed {seed}, identities {string.Join(", ", identities)}";
                answer.Ambiguous.ShouldBeFalse(context);
                foreach (var table in store.Map.Tables.Where(t => t.HasOwner))
                {
                    answer.OwnedIn(table.Name).ShouldBe(naive.OwnedIn(table.Name), ignoreOrder: true, $"{context}: owned {table.Name}");
                    answer.MentioningIn(table.Name).Keys.ShouldBe(naive.MentioningIn(table.Name).Keys, ignoreOrder: true, $"{context}: mentioning {table.Name}");
                    if (answer.OwnedIn(table.Name).Count > 0)
                    {
                        shapes.Add(table.Name);
                    }
                }

                mentions += answer.Mentioning.Values.Sum(m => m.Count);
                ownReferenced += answer.OwnedReferenced.Values.Sum(m => m.Count);
                sharedReferenced += answer.SharedReferenced.Values.Sum(m => m.Count);
                foreach (var (target, rows) in naive.OwnedReferenced)
                {
                    answer.OwnedReferenced[target].ShouldBe(rows, ignoreOrder: true, $"{context}: owned referenced {target}");
                    answer.SharedReferenced[target].ShouldBe(naive.SharedReferenced[target], ignoreOrder: true, $"{context}: shared {target}");
                }
            }
        }

        // The generator must reach every shape, or the properties prove less than they claim.
        mentions.ShouldBeGreaterThan(Seeds / 4);
        ownReferenced.ShouldBeGreaterThan(Seeds / 4);
        sharedReferenced.ShouldBeGreaterThan(Seeds / 8);
        shapes.ShouldBe(["customers", "staff", "orders", "order_lines", "line_notes", "note_edits", "rentals", "messages", "comments", "customer_tags"], ignoreOrder: true);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_store_generated_for_ambiguity_is_ambiguous_for_that_person(DatabaseProvider provider)
    {
        for (var seed = 1; seed <= 10; seed++)
        {
            var store = GeneratedSchemas.Generate(seed, ambiguous: true);
            await using var database = await OwnershipDatabase.CreateAsync(provider, store.Map, store.Rows);
            var answer = await OwnershipOracle.ComputeAsync(database.Connection, store.Map, store.AllIdentitiesOf(store.Ambiguous!), default);
            answer.Ambiguous.ShouldBeTrue($"seed {seed}");
        }
    }

    /// <summary>The same rules, as a fixpoint over the rows in memory: no SQL, no recursion.</summary>
    public static OracleAnswer Naive(GeneratedStore store, IReadOnlyCollection<Identity> identities)
    {
        var map = store.Map;
        string? Cell(TableSpec table, object?[] row, string column) => IdentityMatch.Text(row[map.Table(table.Name).Columns.ToList().FindIndex(c => c.Name == column)]);
        bool Meets(TableSpec table, object?[] row) => table.When.All(w =>
        {
            var value = Cell(table, row, w.Field);
            return w switch
            {
                { EqualsValue: { } v } => value == v,
                { In: { } values } => value is not null && values.Contains(value),
                { NotIn: { } values } => value is not null && !values.Contains(value),
                { IsNull: { } isNull } => (value is null) == isNull,
                _ => false,
            };
        });
        bool Found(TableSpec table, object?[] row)
        {
            var fields = table.Columns.Where(c => c.Identifies is not null).ToList();
            var parts = fields.Where(f => IdentityMatch.CompositeParts.Contains(f.Identifies!)).ToList();
            if (parts.Select(p => p.Identifies).Distinct().Count() < IdentityMatch.CompositeParts.Count)
            {
                parts.Clear();
            }

            return fields.Except(parts).Any(f => IdentityMatch.Matches(f.Identifies!, Cell(table, row, f.Name), identities))
                || (parts.Count > 0 && parts.All(f => IdentityMatch.Matches(f.Identifies!, Cell(table, row, f.Name), identities)));
        }

        string Key(TableSpec table, object?[] row) => OwnershipOracle.RowKey(table, c => Cell(table, row, c));

        var owned = map.Tables.ToDictionary(t => t.Name, _ => new HashSet<string>());
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var table in map.Tables.Where(t => t.HasOwner))
            {
                foreach (var row in store.Rows[table.Name].Where(r => Meets(table, r)))
                {
                    var mine = Found(table, row) || (table.BelongsTo is { } field && Cell(table, row, field) is { } parent && owned[table.Parent!].Contains(parent));
                    changed |= mine && owned[table.Name].Add(Key(table, row));
                }
            }
        }

        var mentioning = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlySet<string>>>();
        foreach (var table in map.Tables.Where(t => t.Mentions.Count > 0))
        {
            mentioning[table.Name] = store.Rows[table.Name]
                .Where(r => Meets(table, r) && !owned[table.Name].Contains(Key(table, r)))
                .Select(r => (Key: Key(table, r), Fields: table.Mentions.Where(m => Cell(table, r, m.Field) is { } v && owned[table.Column(m.Field).ReferencedTable!].Contains(v)).Select(m => m.Field).ToHashSet()))
                .Where(r => r.Fields.Count > 0)
                .ToDictionary(r => r.Key, r => (IReadOnlySet<string>)r.Fields);
        }

        var own = new Dictionary<string, IReadOnlySet<string>>();
        var shared = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var target in map.Tables.SelectMany(t => t.Columns).Where(c => c.Owns).Select(c => c.ReferencedTable!).Distinct())
        {
            var pointers = map.Tables.SelectMany(t => t.Columns.Where(c => c.ReferencedTable == target)
                .SelectMany(c => store.Rows[t.Name].Select(r => (Mine: owned[t.Name].Contains(Key(t, r)), Owns: c.Owns, Value: Cell(t, r, c.Name)))))
                .Where(p => p.Value is not null).ToList();
            var targets = pointers.Where(p => p.Mine && p.Owns).Select(p => p.Value!).ToHashSet();
            var outside = pointers.Where(p => !p.Mine).Select(p => p.Value!).ToHashSet();
            own[target] = targets.Except(outside).ToHashSet();
            shared[target] = targets.Intersect(outside).ToHashSet();
        }

        return new OracleAnswer
        {
            Owned = owned.ToDictionary(o => o.Key, o => (IReadOnlySet<string>)o.Value),
            Mentioning = mentioning,
            OwnedReferenced = own,
            SharedReferenced = shared,
            Candidates = new Dictionary<string, IReadOnlySet<string>>(),
        };
    }
}
