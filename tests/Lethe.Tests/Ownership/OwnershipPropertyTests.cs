using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Ownership;

/// <summary>
/// The engine against the oracle on generated schemas and data, on SQLite and PostgreSQL: access returns exactly the
/// person's rows, mentions with only their fields and nothing undisclosed; erasure changes nothing outside the
/// person's rows; ambiguous identities stop both. A failure names its seed: <c>GeneratedSchemas.Generate(seed)</c>
/// rebuilds the store.
/// </summary>
public sealed class OwnershipPropertyTests
{
    private const int Seeds = 30;
    internal static readonly byte[] HashKey = Enumerable.Repeat((byte)7, 32).ToArray();
    internal static readonly DateOnly Today = new(2026, 6, 1);

    internal static SqlConnector Connector(OwnershipMap map, OwnershipDatabase database)
    {
        var datastore = map.ToDatastore(database.Kind);
        var manifest = new Manifest
        {
            Organization = new Organization
            {
                Name = "Test ApS", RegistrationNumber = "42497762", Country = "DK", Address = "Vej 1, 8000 Aarhus C", Email = "privacy@test.example",
            },
            Systems = [new SystemDefinition { Key = "sys", Name = "System", Datastores = [datastore] }],
        };
        return new SqlConnector(manifest, "sys.db", datastore, database.ConnectionString);
    }

    private static string Describe(int seed, IEnumerable<Identity> identities) =>
        $"seed {seed} ({string.Join(", ", identities.Select(i => $"{i.Type}='{i.Value}'"))})";

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Access_returns_exactly_the_persons_rows_mentions_with_only_their_fields_and_nothing_undisclosed(DatabaseProvider provider) =>
        await EverySeedAsync(Seeds, async seed =>
        {
            var store = GeneratedSchemas.Generate(seed);
            var random = new Random(seed);
            await using var database = await OwnershipDatabase.CreateAsync(provider, store.Map, store.Rows);
            var snapshot = await database.SnapshotAsync(store.Map);
            var people = store.People.OrderBy(_ => random.Next()).Take(3).Select(p => store.IdentitiesOf(p, random)).ToList();
            people.Add([new Identity("email", "nobody@example.net"), new Identity("phone", "99 99 99 99")]);
            foreach (var identities in people)
            {
                var context = Describe(seed, identities);
                var oracle = await OwnershipOracle.ComputeAsync(database.Connection, store.Map, identities, default);
                var found = new List<FoundRow>();
                await Connector(store.Map, database).ReadAsync(identities, row => { found.Add(row); return ValueTask.CompletedTask; }, default);
                AccessAgrees(store.Map, oracle, snapshot, found, context);
            }
        });

    private static void AccessAgrees(
        OwnershipMap map, OracleAnswer oracle, Dictionary<string, Dictionary<string, RowSnapshot>> snapshot, List<FoundRow> found, string context)
    {
        string Key(FoundRow row) => OwnershipOracle.RowKey(map.Table(row.Collection), c => row.Values.GetValueOrDefault(c));

        foreach (var row in found)
        {
            var undisclosed = map.Table(row.Collection).Columns.Where(c => !c.Disclose).Select(c => c.Name);
            row.Values.Keys.Intersect(undisclosed).ShouldBeEmpty($"{context}: {row.Collection} {Key(row)} ({row.Role}) discloses a disclose: false field");
        }

        var owned = found.Where(r => r.Role == RowRole.Owned).Select(r => $"{r.Collection}/{Key(r)}").ToList();
        var expected = oracle.Owned.Concat(oracle.OwnedReferenced).SelectMany(o => o.Value.Select(k => $"{o.Key}/{k}")).ToList();
        owned.ShouldBe(expected, ignoreOrder: true, $"{context}: owned rows (engine vs oracle)");
        owned.Distinct().Count().ShouldBe(owned.Count, $"{context}: an owned row returned twice");

        foreach (var row in found.Where(r => r.Role == RowRole.Mention))
        {
            var key = Key(row);
            var table = map.Table(row.Collection);
            oracle.MentioningIn(row.Collection).TryGetValue(key, out var through)
                .ShouldBeTrue($"{context}: {row.Collection} {key} returned as a mention, but it does not mention the person");
            var allowed = table.Mentions.Where(m => through!.Contains(m.Field)).SelectMany(m => m.Fields.Append(m.Field)).Append(table.Key!);
            row.Values.Keys.Except(allowed).ShouldBeEmpty($"{context}: mention {row.Collection} {key} shows more than the key, the mention and its fields");
        }

        found.Where(r => r.Role == RowRole.Mention).Select(r => $"{r.Collection}/{Key(r)}").ShouldBe(
            oracle.Mentioning.SelectMany(m => m.Value.Keys.Select(k => $"{m.Key}/{k}")), ignoreOrder: true, $"{context}: mentioning rows (engine vs oracle)");

        // Context: rows of a collection nobody owns that an owned row references.
        var referenced = new HashSet<string>();
        foreach (var (collection, keys) in oracle.Owned)
        {
            foreach (var column in map.Table(collection).Columns.Where(c => c.References is not null && !map.Table(c.ReferencedTable!).HasOwner))
            {
                referenced.UnionWith(keys.Select(k => snapshot[collection][k].Values[column.Name]).OfType<string>().Select(v => $"{column.ReferencedTable}/{v}"));
            }
        }

        foreach (var row in found.Where(r => r.Role is RowRole.Context or RowRole.Shared))
        {
            map.Table(row.Collection).HasOwner.ShouldBeFalse($"{context}: {row.Collection} {Key(row)} returned as {row.Role}, but the collection has an owner");
            referenced.ShouldContain($"{row.Collection}/{Key(row)}", $"{context}: {row.Role} row {row.Collection} {Key(row)} is referenced by none of the person's rows");
        }

        found.Where(r => r.Role == RowRole.Shared).Select(r => $"{r.Collection}/{Key(r)}").Distinct().ShouldBe(
            oracle.SharedReferenced.SelectMany(s => s.Value.Select(k => $"{s.Key}/{k}")), ignoreOrder: true, $"{context}: shared owns targets (engine vs oracle)");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Erasure_changes_nothing_outside_the_persons_rows_and_only_the_mentions_fields_of_a_mentioning_row(DatabaseProvider provider) =>
        await EverySeedAsync(Seeds, async seed =>
        {
            var store = GeneratedSchemas.Generate(seed);
            var random = new Random(seed);
            await using var database = await OwnershipDatabase.CreateAsync(provider, store.Map, store.Rows);
            var identities = store.IdentitiesOf(store.People[random.Next(store.People.Count)], random);
            var context = Describe(seed, identities);
            var oracle = await OwnershipOracle.ComputeAsync(database.Connection, store.Map, identities, default);
            var before = await database.SnapshotAsync(store.Map);

            await Connector(store.Map, database).EraseAsync(identities, HashKey, Today, default);

            ErasureAgrees(store.Map, oracle, before, await database.SnapshotAsync(store.Map), context);
        });

    /// <summary>Whether a row that is still there after the erasure points to <paramref name="row"/> through a declared reference.</summary>
    private static bool StillReferenced(OwnershipMap map, Dictionary<string, Dictionary<string, RowSnapshot>> after, TableSpec table, RowSnapshot row) =>
        map.Tables.SelectMany(t => t.Columns.Where(c => c.ReferencedTable == table.Name).Select(c => (Table: t, Column: c)))
            .Any(r => r.Column.ReferencedColumn is { } target
                      && row.Values.GetValueOrDefault(target) is { } value
                      && after[r.Table.Name].Values.Any(other => other.Values.GetValueOrDefault(r.Column.Name) == value));

    private static void ErasureAgrees(
        OwnershipMap map, OracleAnswer oracle, Dictionary<string, Dictionary<string, RowSnapshot>> before,
        Dictionary<string, Dictionary<string, RowSnapshot>> after, string context)
    {
        foreach (var table in map.Tables)
        {
            after[table.Name].Keys.Except(before[table.Name].Keys).ShouldBeEmpty($"{context}: erasure added rows to {table.Name}");
            var erasable = table.Columns.Where(c => c.Erasure is not null and not "delete-row").Select(c => c.Name).ToHashSet();
            foreach (var (key, row) in before[table.Name])
            {
                var where = $"{context}: {table.Name} {key}";
                var kept = after[table.Name].TryGetValue(key, out var now);
                var owned = oracle.OwnedIn(table.Name).Contains(key) || (oracle.OwnedReferenced.GetValueOrDefault(table.Name)?.Contains(key) ?? false);
                if (owned)
                {
                    if (table.HasDeleteRow)
                    {
                        // The documented integrity rule: a row that a row still there after the erasure points to stays (and is
                        // reported kept), so no reference is left dangling; otherwise it must be gone.
                        if (kept)
                        {
                            StillReferenced(map, after, table, row).ShouldBeTrue($"{where}: the person's row has a delete-row field and is still there, though no row left points to it");
                        }

                        continue;
                    }

                    kept.ShouldBeTrue($"{where}: the person's row was deleted, but nothing in it is delete-row");
                    row.ChangedIn(now!).Except(erasable).ShouldBeEmpty($"{where}: columns without an erasure strategy changed");
                    foreach (var column in table.Columns.Where(c => c.Erasure == "set-null"))
                    {
                        now!.Values[column.Name].ShouldBeNull($"{where}: {column.Name} is set-null and was not erased");
                    }

                    foreach (var column in table.Columns.Where(c => c.Erasure == "replace"))
                    {
                        now!.Values[column.Name].ShouldBe(column.Replacement, $"{where}: {column.Name} is replace and was not erased");
                    }
                }
                else if (oracle.MentioningIn(table.Name).TryGetValue(key, out var through))
                {
                    kept.ShouldBeTrue($"{where}: a row that only mentions the person was deleted");
                    var mentions = table.Mentions.Where(m => through.Contains(m.Field)).ToList();
                    var allowed = mentions.SelectMany(m => m.Fields.Append(m.Field)).ToHashSet();
                    row.ChangedIn(now!).Except(allowed).ShouldBeEmpty($"{where}: a mentioning row changed outside the mention's fields");
                    foreach (var column in table.Columns.Where(c => c.Erasure == "set-null" && allowed.Contains(c.Name)))
                    {
                        now!.Values[column.Name].ShouldBeNull($"{where}: mention field {column.Name} is set-null and was not erased");
                    }
                }
                else
                {
                    kept.ShouldBeTrue($"{where}: a row that is not the person's was deleted");
                    now!.Sha256.ShouldBe(row.Sha256, $"{where}: a row that is not the person's changed in {string.Join(", ", row.ChangedIn(now))}");
                }
            }
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Identities_that_match_two_person_rows_stop_access_and_erasure_and_change_nothing(DatabaseProvider provider) =>
        await EverySeedAsync(10, async seed =>
        {
            var store = GeneratedSchemas.Generate(seed, ambiguous: true);
            await using var database = await OwnershipDatabase.CreateAsync(provider, store.Map, store.Rows);
            var identities = store.AllIdentitiesOf(store.Ambiguous!);
            var context = Describe(seed, identities);
            (await OwnershipOracle.ComputeAsync(database.Connection, store.Map, identities, default)).Ambiguous.ShouldBeTrue(context);
            var before = await database.SnapshotAsync(store.Map);

            var read = await Should.ThrowAsync<AmbiguousPerson>(
                () => Connector(store.Map, database).ReadAsync(identities, _ => ValueTask.CompletedTask, default), context);
            read.Candidates.ShouldNotBeEmpty(context);
            await Should.ThrowAsync<AmbiguousPerson>(() => Connector(store.Map, database).EraseAsync(identities, HashKey, Today, default), context);

            var after = await database.SnapshotAsync(store.Map);
            foreach (var (table, rows) in before)
            {
                after[table].ToDictionary(r => r.Key, r => r.Value.Sha256).ShouldBe(rows.ToDictionary(r => r.Key, r => r.Value.Sha256), $"{context}: {table} changed");
            }
        });

    /// <summary>Runs the property for every seed and reports every failing seed (its first failure), not only the first.</summary>
    private static async Task EverySeedAsync(int seeds, Func<int, Task> property)
    {
        var failures = new List<string>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            try
            {
                await property(seed);
            }
            catch (ShouldAssertException failure)
            {
                failures.Add(failure.Message);
            }
        }

        failures.ShouldBeEmpty($"{failures.Count} of {seeds} seeds fail");
    }
}
