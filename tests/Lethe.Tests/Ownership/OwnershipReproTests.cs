using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Ownership;

/// <summary>The smallest stores on which the property tests found the engine and the oracle to disagree, one rule each.</summary>
public sealed class OwnershipReproTests
{
    private static OwnershipMap Customers(string noteErasure, bool withAddress = false) => new(
    [
        new TableSpec("addresses", [new("id", ColumnType.Integer), new("street") { Erasure = "delete-row" }]),
        new TableSpec("customers",
        [
            new("id", ColumnType.Integer),
            new("email") { Identifies = "email", Erasure = "hash" },
            new("full_name") { Identifies = "full_name", Erasure = "replace", Replacement = "Anonymized person" },
            new("note") { Erasure = noteErasure },
            .. withAddress ? new ColumnSpec[] { new("address_id", ColumnType.Integer) { References = "addresses.id", Owns = true } } : [],
        ])
        {
            Is = "person",
        },
    ]);

    private static async Task<List<FoundRow>> ReadAsync(DatabaseProvider provider, OwnershipMap map, Dictionary<string, List<object?[]>> rows, params Identity[] identities)
    {
        await using var database = await OwnershipDatabase.CreateAsync(provider, map, rows);
        var found = new List<FoundRow>();
        await OwnershipPropertyTests.Connector(map, database).ReadAsync(identities, r => { found.Add(r); return ValueTask.CompletedTask; }, default);
        return found;
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_stored_email_with_spaces_around_it_is_the_persons(DatabaseProvider provider)
    {
        var found = await ReadAsync(provider, Customers("set-null"),
            new() { ["addresses"] = [], ["customers"] = [[1L, " Anna@Example.dk ", "Anna Berg", "n"]] }, new Identity("email", "anna@example.dk"));
        found.Where(r => r.Role == RowRole.Owned).Select(r => r.Collection).ShouldBe(["customers"]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_stored_name_with_doubled_or_padded_whitespace_is_the_persons(DatabaseProvider provider)
    {
        var found = await ReadAsync(provider, Customers("set-null"),
            new() { ["addresses"] = [], ["customers"] = [[1L, "a@example.dk", " Anna  Berg ", "n"]] }, new Identity("full_name", "Anna Berg"));
        found.Where(r => r.Role == RowRole.Owned).Select(r => r.Collection).ShouldBe(["customers"]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Erasure_deletes_an_owned_row_whose_non_key_field_is_delete_row_and_its_unshared_address(DatabaseProvider provider)
    {
        var map = Customers("delete-row", withAddress: true);
        await using var database = await OwnershipDatabase.CreateAsync(provider, map, new Dictionary<string, List<object?[]>>
        {
            ["addresses"] = [[10L, "Vej 1"], [11L, "Vej 2"]],
            ["customers"] = [[1L, "anna@example.dk", "Anna Berg", "n", 10L], [2L, "bo@example.dk", "Bo Holm", "n", 11L]],
        });
        Identity[] anna = [new("email", "anna@example.dk")];
        var oracle = await OwnershipOracle.ComputeAsync(database.Connection, map, anna, default);
        oracle.OwnedIn("customers").ShouldBe(["1"]);
        oracle.OwnedReferenced["addresses"].ShouldBe(["10"], ignoreOrder: true);

        await OwnershipPropertyTests.Connector(map, database).EraseAsync(anna, OwnershipPropertyTests.HashKey, OwnershipPropertyTests.Today, default);

        var after = await database.SnapshotAsync(map);
        after["customers"].Keys.ToList().ShouldBe(["2"], customMessage: "customer 1 has a delete-row field");
        after["addresses"].Keys.ToList().ShouldBe(["11"], customMessage: "address 10 was only Anna's, and its street is delete-row");
    }
}
