using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

/// <summary>What an import would change, read from two manifests: each kind of edit gives exactly its own change.</summary>
public sealed class ManifestChangesTests
{
    private const string CreatedAt = "              - name: created_at\n";

    private const string WithPhone = CreatedAt + "              - name: phone\n                category: contact.phone\n";

    private static Manifest Read(string yaml) =>
        ManifestReader.Read(yaml, "t.yaml").Manifest ?? throw new InvalidOperationException("the test's manifest is not valid");

    private static IReadOnlyList<ManifestChange> Edit(string from, string to) =>
        ManifestChanges.Between(Read(ManifestFiles.Minimal), Read(ManifestFiles.Minimal.Replace(from, to, StringComparison.Ordinal)));

    public static TheoryData<string, string, ManifestChange> Edits() => new()
    {
        { "maximum: P3Y", "maximum: P4Y", new(ChangeArea.RetentionRule, ChangeKind.Changed, "customer_data", ChangedPart.Maximum, "P3Y", "P4Y") },
        { "    maximum: P3Y", "    minimum: P1Y\n    maximum: P3Y", new(ChangeArea.RetentionRule, ChangeKind.Changed, "customer_data", ChangedPart.Minimum, null, "P1Y") },
        { "legalBasis: contract", "legalBasis: legitimate-interests", new(ChangeArea.Activity, ChangeKind.Changed, "sales", ChangedPart.LegalBasis, "contract", "legitimate-interests") },
        { "erasure: hash", "erasure: set-null", new(ChangeArea.Field, ChangeKind.Changed, "crm.db.customers.email", ChangedPart.Erasure, "hash", "set-null") },
        { "kind: postgres", "kind: sqlite", new(ChangeArea.Datastore, ChangeKind.Changed, "crm.db", ChangedPart.Kind, "postgres", "sqlite") },
        { CreatedAt, WithPhone, new(ChangeArea.Field, ChangeKind.Added, "crm.db.customers.phone") },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void One_edit_is_one_change_naming_the_thing_and_the_values_before_and_after(string from, string to, ManifestChange expected)
    {
        ManifestFiles.Minimal.ShouldContain(from);

        Edit(from, to).ShouldBe([expected]);
    }

    [Fact]
    public void The_same_manifest_changes_nothing()
    {
        ManifestChanges.Between(Read(ManifestFiles.Minimal), Read(ManifestFiles.Minimal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_changed_purpose_text_is_no_change_to_what_is_enforced()
    {
        Edit("en: Selling to customers", "en: Selling to our customers").ShouldBeEmpty();
    }

    [Fact]
    public void A_removed_field_is_one_removal()
    {
        var withPhone = Read(ManifestFiles.Minimal.Replace(CreatedAt, WithPhone, StringComparison.Ordinal));

        ManifestChanges.Between(withPhone, Read(ManifestFiles.Minimal))
            .ShouldBe([new ManifestChange(ChangeArea.Field, ChangeKind.Removed, "crm.db.customers.phone")]);
    }

    [Fact]
    public void Recipients_in_another_order_are_the_same_recipients()
    {
        var before = Read(ManifestFiles.Minimal);
        var activity = before.Activities[0];
        var a = before with { Activities = [activity with { Recipients = ["bank", "auditor"] }] };
        var b = before with { Activities = [activity with { Recipients = ["auditor", "bank"] }] };
        var c = before with { Activities = [activity with { Recipients = ["auditor"] }] };

        ManifestChanges.Between(a, b).ShouldBeEmpty();
        ManifestChanges.Between(a, c).ShouldBe([new ManifestChange(ChangeArea.Activity, ChangeKind.Changed, "sales", ChangedPart.Recipients, "auditor, bank", "auditor")]);
    }

    [Fact]
    public void A_first_data_map_adds_every_system_datastore_table_field_activity_and_rule()
    {
        var changes = ManifestChanges.Between(null, Read(ManifestFiles.Minimal));

        changes.ShouldAllBe(c => c.Kind == ChangeKind.Added);
        changes.Select(c => (c.Area, c.Subject)).ShouldBe(
        [
            (ChangeArea.System, "crm"), (ChangeArea.Datastore, "crm.db"), (ChangeArea.Collection, "crm.db.customers"),
            (ChangeArea.Field, "crm.db.customers.id"), (ChangeArea.Field, "crm.db.customers.email"), (ChangeArea.Field, "crm.db.customers.created_at"),
            (ChangeArea.Activity, "sales"), (ChangeArea.RetentionRule, "customer_data"),
        ]);
    }

    [Fact]
    public void A_renamed_system_is_a_removal_and_an_addition_of_everything_in_it()
    {
        // Everything that names the system follows it: the activity's systems and the retention rule's anchor.
        var changes = Edit("crm", "sales_crm");

        changes.ShouldContain(new ManifestChange(ChangeArea.System, ChangeKind.Added, "sales_crm"));
        changes.ShouldContain(new ManifestChange(ChangeArea.System, ChangeKind.Removed, "crm"));
        changes.ShouldContain(new ManifestChange(ChangeArea.Field, ChangeKind.Removed, "crm.db.customers.email"));
        changes.ShouldContain(new ManifestChange(ChangeArea.Field, ChangeKind.Added, "sales_crm.db.customers.email"));
    }
}
