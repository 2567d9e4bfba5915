using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

/// <summary>The data map's dotted names and kinds are read once, with the file, into the types the rest of Lethe takes.</summary>
public sealed class ManifestNamesTests
{
    private static Manifest Flex4Business()
    {
        var path = Path.Combine(ManifestFiles.RepositoryRoot(), "samples", "flex4business", "manifest.yaml");
        var read = ManifestReader.Read(File.ReadAllText(path), path);
        read.Errors.ShouldBeEmpty();
        return read.Manifest!;
    }

    [Fact]
    public void Anchors_requirements_references_and_kinds_are_read_into_their_types()
    {
        var manifest = Flex4Business();
        var bookkeeping = manifest.RetentionRules.Single(r => r.Key == "bookkeeping");
        var invoices = manifest.FindCollection(CollectionRef.Parse("billing.db.invoices"));

        bookkeeping.Anchor.ShouldBe(FieldRef.Parse("billing.db.invoices.invoice_date"));
        bookkeeping.Requires.ShouldBe([new RequiredPart("invoices"), new RequiredPart("customers", "name"), new RequiredPart("customers", "address")]);
        invoices.ShouldNotBeNull().FieldNamed("customer_id")!.References.ShouldBe(new ColumnRef("customers", "id"));
        manifest.FindDatastore(new DatastoreRef("billing", "db"))!.Kind.ShouldBe(DatastoreKind.Postgres);
    }

    [Fact]
    public void The_written_text_is_what_is_written_back()
    {
        var manifest = Flex4Business();

        var again = ManifestReader.Read(ManifestWriter.Write(manifest), "again.yaml");

        again.Errors.ShouldBeEmpty();
        var rule = again.Manifest!.RetentionRules.Single(r => r.Key == "bookkeeping");
        rule.AnchorText.ShouldBe("billing.db.invoices.invoice_date");
        rule.RequiresText.ShouldBe(["invoices", "customers.name", "customers.address"]);
        again.Manifest.FindDatastore("billing.db")!.Kind.ShouldBe(DatastoreKind.Postgres);
    }

    [Fact]
    public void Changing_the_text_changes_the_name_read_from_it()
    {
        var rule = Flex4Business().RetentionRules.Single(r => r.Key == "bookkeeping");

        var moved = rule with { AnchorText = "billing.db.orders.ordered_at", RequiresText = ["orders"] };
        var broken = rule with { AnchorText = "billing.db.invoices", RequiresText = ["orders.lines.id", "orders"] };

        moved.Anchor.ShouldBe(FieldRef.Parse("billing.db.orders.ordered_at"));
        moved.Requires.ShouldBe([new RequiredPart("orders")]);
        broken.Anchor.ShouldBeNull();
        broken.AnchorText.ShouldBe("billing.db.invoices");
        broken.Requires.ShouldBe([new RequiredPart("orders")]);
        new Field { Name = "customer_id", ReferencesText = "customers" }.References.ShouldBeNull();
        new Field { Name = "customer_id" }.References.ShouldBeNull();
    }

    [Fact]
    public void A_datastore_is_found_by_its_name_and_not_by_a_name_that_only_reads_alike()
    {
        var manifest = Flex4Business();

        manifest.FindDatastore("billing.db").ShouldBeSameAs(manifest.FindDatastore(new DatastoreRef("billing", "db")));
        manifest.FindDatastore("billing.db").ShouldNotBeNull();
        manifest.FindDatastore("billing").ShouldBeNull();
        manifest.FindDatastore("billing.db.invoices").ShouldBeNull();
        manifest.FindDatastore("db.billing").ShouldBeNull();
        manifest.FindCollection(CollectionRef.Parse("billing.db.nothing")).ShouldBeNull();
    }

    [Fact]
    public void A_retention_condition_under_an_anchor_that_names_no_column_is_reported_not_thrown()
    {
        var lines = ManifestFiles.Minimal.Split('\n').ToList();
        lines[39] = "    anchor: crm\n    condition:\n      field: email\n      equals: x";

        var result = ManifestReader.Read(string.Join('\n', lines), "broken.yaml");

        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Field == "retention[0].anchor" && e.Message == "'crm' is not a known system.datastore.collection.field.");
        result.Errors.ShouldNotContain(e => e.Field == "retention[0].condition.field");
    }
}
