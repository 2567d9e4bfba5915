using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

/// <summary>Format 1 said nothing of owners; format 2 must. Where the owner is clear it is written in, where not the officer is asked.</summary>
public sealed class ManifestUpgradeTests
{
    private const string Header = """
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

        """;

    private const string Clear = Header + """
                  # The people who buy.
                  - name: customers
                    fields:
                      - name: id
                      - name: email
                        category: contact.email
                        identifies: email
                  - name: orders
                    fields:
                      - name: id
                      - name: customer_id
                        references: customers.id
                  - name: order_lines
                    fields:
                      - name: id
                      - name: order_id
                        references: orders.id
                  - name: products
                    fields:
                      - name: id
        """;

    private const string Unclear = Header + """
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
                  - name: rentals
                    fields:
                      - name: id
                      - name: customer_id
                        references: customers.id
                      - name: staff_id
                        references: staff.id
        """;

    [Fact]
    public void A_clear_format_1_file_is_rewritten_in_place_with_its_comments_and_reads_as_the_same_data_map()
    {
        var (text, added, errors) = ManifestUpgradeText.Upgrade(Clear, "shop.yaml");

        errors.ShouldBeEmpty();
        added.ShouldBe(["shop.db.customers: is: person", "shop.db.orders: belongsTo: customer_id", "shop.db.order_lines: belongsTo: order_id"]);
        text!.ShouldStartWith("lethe: 2\n");
        text.ShouldContain("          # The people who buy.\n          - name: customers\n            is: person\n            fields:");
        text.ShouldContain("          - name: order_lines\n            belongsTo: order_id\n");
        var read = ManifestReader.Read(text, "shop.yaml");
        read.Errors.ShouldBeEmpty();
        read.Warnings.ShouldNotContain(w => w.Field == "lethe");
        var store = read.Manifest!.Systems[0].Datastores[0];
        store.Collections.Single(c => c.Name == "products").IsOwned.ShouldBeFalse("reference data belongs to nobody");
        ManifestUpgradeText.Upgrade(text, "shop.yaml").Added.ShouldBeEmpty("upgrading twice changes nothing");
    }

    [Fact]
    public void A_format_1_file_read_as_it_is_warns_and_works_as_format_2()
    {
        var read = ManifestReader.Read(Clear, "shop.yaml");

        read.Errors.ShouldBeEmpty();
        read.Warnings.ShouldContain(w => w.Field == "lethe" && w.Message.Contains("lethe manifest upgrade", StringComparison.Ordinal));
        read.Manifest!.Systems[0].Datastores[0].Collections.Single(c => c.Name == "order_lines").BelongsTo.ShouldBe("order_id");
    }

    [Fact]
    public void An_unclear_owner_is_refused_naming_the_collection_and_the_references_to_choose_from_and_the_file_is_left_alone()
    {
        var (text, _, errors) = ManifestUpgradeText.Upgrade(Unclear, "rentals.yaml");

        text.ShouldBeNull();
        var error = errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(26);
        error.Message.ShouldContain("rentals points to several collections whose rows are people's: customer_id (→ customers), staff_id (→ staff)");
        error.Message.ShouldContain("belongsTo: FIELD");
        error.Message.ShouldContain("mentions");
    }

    [Fact]
    public void A_stored_revision_with_an_unclear_owner_still_reads_and_no_request_can_reach_through_the_unclear_collection()
    {
        var read = ManifestReader.Read(Unclear, "rentals.yaml", storedRevision: true);

        read.Errors.ShouldBeEmpty();
        read.Warnings.ShouldContain(w => w.Message.Contains("requests read and change no row of it", StringComparison.Ordinal));
        var rentals = read.Manifest!.Systems[0].Datastores[0].Collections.Single(c => c.Name == "rentals");
        rentals.IsOwned.ShouldBeFalse();
        rentals.Fields.ShouldAllBe(f => f.References == null);
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "belongsTo a field without references", "  belongsTo: id\n", "has no references" },
        { "is: somebody", "  is: somebody\n", "is not a kind of row" },
        { "is: customer that belongs to someone", "  is: customer\n  belongsTo: order_id\n", "cannot be given with is: customer" },
        { "a condition with two tests", "  when:\n    - field: email\n      equals: a\n      isNull: true\n", "needs exactly one of equals, in, notIn or isNull" },
        { "a mention of a missing field", "  mentions:\n    - field: nope\n", "'nope' is not one of the collection's fields" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Ownership_that_cannot_be_meant_is_refused_with_what_to_write(string what, string insert, string message)
    {
        var yaml = Clear.Replace("lethe: 1", "lethe: 2", StringComparison.Ordinal)
            .Replace("          - name: customers\n", "          - name: customers\n            is: person\n", StringComparison.Ordinal)
            .Replace("          - name: orders\n", "          - name: orders\n            belongsTo: customer_id\n", StringComparison.Ordinal)
            .Replace("          - name: order_lines\n", "          - name: order_lines\n          " + insert.Replace("\n  ", "\n            ", StringComparison.Ordinal).TrimEnd() + "\n", StringComparison.Ordinal);
        var read = ManifestReader.Read(yaml, "shop.yaml");

        read.Errors.ShouldContain(e => e.Message.Contains(message, StringComparison.Ordinal), what + "\n" + string.Join("\n", read.Errors));
    }

    [Fact]
    public void A_datastore_has_one_list_of_customers_served_as_processor()
    {
        // Customers served are companies: nothing in their rows finds a person.
        string Shop(string products) => System.Text.RegularExpressions.Regex.Replace(Clear.Replace("lethe: 1", "lethe: 2", StringComparison.Ordinal)
            .Replace("          - name: customers\n", "          - name: customers\n            is: customer\n", StringComparison.Ordinal)
            .Replace("          - name: products\n", "          - name: products\n" + products, StringComparison.Ordinal), "\n *identifies: email", "");

        var one = ManifestReader.Read(Shop(""), "shop.yaml");
        one.Errors.ShouldBeEmpty();
        var customers = one.Manifest!.Systems[0].Datastores[0].Collections.Single(c => c.Name == "customers");
        (customers.IsCustomer, customers.IsOwned).ShouldBe((true, false));

        ManifestReader.Read(Shop("            is: customer\n"), "shop.yaml").Errors
            .ShouldContain(e => e.Field.EndsWith("collections[3].is", StringComparison.Ordinal) && e.Message.Contains("only one collection", StringComparison.Ordinal));
    }

    [Fact]
    public void A_collection_nobody_owns_that_points_to_peoples_rows_must_say_whether_it_belongs_or_mentions()
    {
        var yaml = Unclear.Replace("lethe: 1", "lethe: 2", StringComparison.Ordinal)
            .Replace("          - name: customers\n", "          - name: customers\n            is: person\n", StringComparison.Ordinal)
            .Replace("          - name: staff\n", "          - name: staff\n            is: person\n", StringComparison.Ordinal);

        var read = ManifestReader.Read(yaml, "rentals.yaml");

        read.Errors.Select(e => e.Message).ShouldContain(m => m.Contains("Add belongsTo: customer_id when a row of rentals is that person's, or list customer_id under mentions", StringComparison.Ordinal));
        read.Errors.Select(e => e.Message).ShouldContain(m => m.Contains("belongsTo: staff_id", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reference_counts_whichever_order_the_collections_are_listed_in()
    {
        // comments is listed before users: were owners chosen as the list is read, post_id would look like the only path.
        var yaml = Header + """
                  - name: accounts
                    fields:
                      - name: id
                      - name: email
                        identifies: email
                  - name: posts
                    fields:
                      - name: id
                      - name: account_id
                        references: accounts.id
                  - name: comments
                    fields:
                      - name: id
                      - name: post_id
                        references: posts.id
                      - name: user_id
                        references: users.id
                  - name: users
                    fields:
                      - name: id
                      - name: account_id
                        references: accounts.id
        """;

        var read = ManifestReader.Read(yaml, "blog.yaml");

        read.Errors.ShouldContain(e => e.Message.Contains("comments points to several collections whose rows are people's: post_id (→ posts), user_id (→ users)", StringComparison.Ordinal));
        ManifestReader.Read(yaml, "blog.yaml", storedRevision: true).Manifest!.Systems[0].Datastores[0].Collections.Single(c => c.Name == "comments").IsOwned.ShouldBeFalse();
    }

    [Fact]
    public void An_unclear_collection_in_one_datastore_leaves_the_same_position_in_another_alone()
    {
        var second = """

              - key: billing
                kind: postgres
                connection: env:BILLING_DB
                collections:
                  - name: customers
                    fields:
                      - name: id
                      - name: email
                        identifies: email
                  - name: invoices
                    fields:
                      - name: id
                      - name: customer_id
                        references: customers.id
                  - name: lines
                    fields:
                      - name: id
                      - name: invoice_id
                        references: invoices.id
        """;
        var yaml = Unclear + second;

        var read = ManifestReader.Read(yaml, "two.yaml", storedRevision: true);

        read.Errors.ShouldBeEmpty();
        var lines = read.Manifest!.Systems[0].Datastores[1].Collections.Single(c => c.Name == "lines");
        lines.BelongsTo.ShouldBe("invoice_id");
        lines.Fields.Single(f => f.Name == "invoice_id").References.ShouldBe(new ColumnRef("invoices", "id"));
    }
}
