namespace Lethe.Tests.Cli;

public sealed class ManifestUpgradeCliTests
{
    private const string Format1 = """
        lethe: 1
        organization:
          name: Test ApS
          registrationNumber: "42497762"
          country: DK
          address: Vej 1, 8000 Aarhus C
          email: privacy@test.example
        systems:
          - key: shop
            name: Shop
            datastores:
              - key: db
                kind: postgres
                connection: env:SHOP_DB
                collections:
                  - name: customers
                    fields:
                      - name: id
                      - name: email
                        identifies: email
                  - name: staff
                    fields:
                      - name: id
                      - name: email
                        identifies: email
                  - name: orders
                    fields:
                      - name: id
                      - name: customer_id
                        references: customers.id
        """;

    [Fact]
    public async Task Upgrade_writes_the_owners_into_the_file_and_an_unclear_one_changes_nothing_and_says_where()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lethe-upgrade-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Format1);

        var (exit, output, err) = await CliTests.RunAsync("manifest", "upgrade", file);

        exit.ShouldBe(0, err);
        output.ShouldContain("shop.db.orders: belongsTo: customer_id");
        output.ShouldContain("is now format 2 (3 collections given an owner)");
        (await File.ReadAllTextAsync(file)).ShouldStartWith("lethe: 2\n");
        (await CliTests.RunAsync("manifest", "validate", file)).Exit.ShouldBe(0);
        (await CliTests.RunAsync("manifest", "upgrade", file)).Out.ShouldContain("is already format 2");

        var unclear = Format1.Replace("              - name: customer_id\n", "              - name: staff_id\n                references: staff.id\n              - name: customer_id\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, unclear);
        var refused = await CliTests.RunAsync("manifest", "upgrade", file);
        refused.Exit.ShouldBe(1);
        refused.Err.ShouldStartWith($"{file}:26:");
        refused.Err.ShouldContain("orders points to several collections whose rows are people's");
        (await File.ReadAllTextAsync(file)).ShouldBe(unclear);
        File.Delete(file);
    }
}
