using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

public sealed class BrokenManifestTests
{
    [Fact]
    public void The_minimal_manifest_is_valid()
    {
        var result = ManifestReader.Read(ManifestFiles.Minimal, "minimal.yaml");
        result.Errors.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
    }

    /// <summary>Each case changes one line of the minimal manifest (1-based; "" deletes it) and expects one error there.</summary>
    public static TheoryData<string, int, string, int, int, string, string> Cases() => new()
    {
        { "unknown data category", 24, "                category: contact.mail", 24, 27, "systems[0].datastores[0].collections[0].fields[1].category", "'contact.mail' is not a known data category; did you mean 'contact.email'?" },
        { "activity without legal basis", 32, "", 29, 5, "activities[0].legalBasis", "is required." },
        { "consent without a consent purpose", 32, "    legalBasis: consent", 32, 17, "activities[0].consentPurpose", "is required when the legal basis is consent" },
        { "necessary as a consent purpose", 32, "    legalBasis: consent\n    consentPurpose: necessary", 33, 21, "activities[0].consentPurpose", "'necessary' is Lethe's own purpose" },
        { "reference to a missing system", 35, "    systems: [crm, erp]", 35, 14, "activities[0].systems", "'erp' is not a known system." },
        { "anchor in a missing collection", 40, "    anchor: crm.db.clients.created_at", 40, 13, "retention[0].anchor", "did you mean 'crm.db.customers.created_at'?" },
        { "maximum shorter than minimum", 39, "    maximum: P3Y\n    minimum: P5Y", 39, 14, "retention[0].maximum", "P3Y is shorter than the minimum P5Y" },
        { "a key written twice in one mapping", 33, "    legalBasis: contract\n    subjects: [customer]", 33, 5, "(file)", "Duplicate key" },
        { "a column annotated twice", 27, "              - name: email", 27, 23, "systems[0].datastores[0].collections[0].fields[2].name", "'email' is used twice" },
        { "SQL in a table name", 20, "          - name: customers; DROP TABLE customers", 20, 19, "systems[0].datastores[0].collections[0].name", "is not a plain table or column name" },
        { "SQL in a column name", 23, "              - name: email; DELETE FROM customers", 23, 23, "systems[0].datastores[0].collections[0].fields[1].name", "is not a plain table or column name" },
        { "SQL in a restriction flag column", 20, "          - name: customers\n            restrictionFlag: restricted = true OR 1=1", 21, 30, "systems[0].datastores[0].collections[0].restrictionFlag", "is not a plain table or column name" },
        { "a key column that is not a field", 20, "          - name: customers\n            key: customer_id", 21, 18, "systems[0].datastores[0].collections[0].key", "is not one of the collection's fields" },
        { "a webhook without its secret", 17, "        kind: webhook", 17, 15, "systems[0].datastores[0].secret", "is required for a webhook datastore" },
        { "an unknown way to count a period", 39, "    maximum: P5Y\n    countFrom: fiscal-year", 40, 16, "retention[0].countFrom", "use one of anchor, financial-year-end" },
        { "a financial year end that is no day", 5, "  country: DK\n  financialYearEnd: 06-31", 6, 21, "organization.financialYearEnd", "is not a day of the year written MM-DD" },
        { "a connection string in clear", 18, "        connection: Host=db;Password=secret", 18, 21, "systems[0].datastores[0].connection", "never the connection string itself" },
        { "a key too long to store", 29, "  - key: " + new string('s', 81), 29, 10, "activities[0].key", "is 81 characters long; a key may have at most 80" },
        { "a misspelt key", 32, "    legalbasis: contract", 32, 5, "activities[0].legalbasis", "is not a known key here" },
        { "an unsupported country", 5, "  country: SE", 5, 12, "organization.country", "'SE' is not valid here; use one of DK, NO." },
        { "a CVR number failing modulus 11", 4, "  registrationNumber: \"42497763\"", 4, 23, "organization.registrationNumber", "modulus 11" },
        { "a period that is not ISO 8601", 39, "    maximum: 3 years", 39, 14, "retention[0].maximum", "'3 years' is not an ISO 8601 period; write e.g. P5Y" },
        { "an unknown erasure strategy", 26, "                erasure: shred", 26, 26, "systems[0].datastores[0].collections[0].fields[1].erasure", "'shred' is not valid here; use one of delete-row, set-null" },
        { "replace without a replacement", 26, "                erasure: replace", 26, 26, "systems[0].datastores[0].collections[0].fields[1].replacement", "is required with erasure: replace" },
        { "broken YAML syntax", 3, "  name: [Test ApS", 3, 9, "(file)", "is not valid YAML" },
        { "a single value where a list belongs", 33, "    subjects: customer", 33, 15, "activities[0].subjects", "must be a list" },
        { "text without its language", 31, "      Selling to customers", 31, 7, "activities[0].purpose", "must name its language" },
        { "an unknown format version", 1, "lethe: 3", 1, 8, "lethe", "must be 2" },
        { "an unknown identity type", 25, "                identifies: e-mail", 25, 29, "systems[0].datastores[0].collections[0].fields[1].identifies", "'e-mail' is not an identity type" },
        { "special categories without an Art. 9 condition", 34, "    categories: [contact.email, special.health]", 34, 17, "activities[0].specialCategoryCondition", "Art. 9(2) condition" },
        { "a processor activity without its controllers", 32, "    legalBasis: contract\n    role: processor", 33, 11, "activities[0].onBehalfOf", "is required for a processor activity" },
        { "a retention condition on a column the collection lacks", 41, "    action: delete\n    condition:\n      field: status\n      equals: ended", 43, 14, "retention[0].condition.field", "'status' is not a known field of crm.db.customers" },
        { "a retention condition with two tests", 41, "    action: delete\n    condition:\n      field: email\n      equals: x\n      isNull: true", 43, 7, "retention[0].condition", "give exactly one test" },
        { "fields named by a rule that deletes", 41, "    action: delete\n    fields: [email]", 42, 13, "retention[0].fields", "goes with action: anonymize" },
        { "a field to anonymize that the collection lacks", 41, "    action: anonymize\n    fields: [mail]", 42, 13, "retention[0].fields", "'mail' is not a known field of crm.db.customers" },
        { "a data: reference that leaves the data directory", 18, "        connection: data:../../etc/passwd", 18, 21, "systems[0].datastores[0].connection", "or data:FILE for a SQLite file" },
        { "a subject category that does not exist", 33, "    subjects: [customers]", 33, 15, "activities[0].subjects", "did you mean 'customer'?" },
        { "an unknown datastore kind", 17, "        kind: ftp", 17, 15, "systems[0].datastores[0].kind", "'ftp' is not valid here; use one of postgres, sqlite, webhook, manual." },
        { "a datastore kind in capitals", 17, "        kind: Postgres", 17, 15, "systems[0].datastores[0].kind", "'Postgres' is not valid here; use one of postgres, sqlite, webhook, manual." },
        { "an anchor without its field", 40, "    anchor: crm.db.customers", 40, 13, "retention[0].anchor", "'crm.db.customers' is not a known system.datastore.collection.field; did you mean 'crm.db.customers.id'?" },
        { "an anchor with an empty part", 40, "    anchor: crm..customers.created_at", 40, 13, "retention[0].anchor", "'crm..customers.created_at' is not a known system.datastore.collection.field; did you mean 'crm.db.customers.created_at'?" },
        { "an anchor with a part too many", 40, "    anchor: crm.db.customers.created_at.day", 40, 13, "retention[0].anchor", "'crm.db.customers.created_at.day' is not a known system.datastore.collection.field" },
        { "a reference without its column", 24, "                references: customers", 24, 29, "systems[0].datastores[0].collections[0].fields[1].references", "'customers' is not a collection.field of this datastore." },
        { "a reference with a part too many", 24, "                references: crm.customers.id", 24, 29, "systems[0].datastores[0].collections[0].fields[1].references", "'crm.customers.id' is not a collection.field of this datastore." },
        { "a hold requiring a collection of another datastore", 39, "    maximum: P3Y\n    minimum: P1Y\n    requires: [invoices, customers.email]", 41, 15, "retention[0].requires", "'invoices' is neither a collection nor a collection.field of crm.db, e.g. customers.id." },
        { "a hold requiring a field with a part too many", 39, "    maximum: P3Y\n    minimum: P1Y\n    requires: [customers.email.domain]", 41, 15, "retention[0].requires", "'customers.email.domain' is neither a collection nor a collection.field of crm.db" },
        { "a hold requiring under an anchor that names no field", 40, "    anchor: crm.db\n    minimum: P1Y\n    requires: [customers]", 42, 15, "retention[0].requires", "needs an anchor: the collections it names are in the anchor's datastore." },
    };

    [Fact]
    public void A_custom_category_that_repeats_a_built_in_one_is_an_error_not_a_crash()
    {
        // It threw from building the category lookup, before any error could be said (a 500 on import).
        var yaml = ManifestFiles.Minimal.TrimEnd() + "\ndataCategories:\n  - key: contact.email\n    name: E-mail\n";

        var result = ManifestReader.Read(yaml, "broken.yaml");

        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Field == "dataCategories[0].key" && e.Message.Contains("contact.email", StringComparison.Ordinal),
            string.Join(" | ", result.Errors));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_error_names_the_file_line_column_and_field_and_says_what_is_valid(
        string broken, int lineToChange, string replacement, int line, int column, string field, string wording)
    {
        var lines = ManifestFiles.Minimal.Split('\n').ToList();
        lines[lineToChange - 1] = replacement;
        var yaml = string.Join('\n', lines.Where((l, i) => i != lineToChange - 1 || replacement.Length > 0));

        var result = ManifestReader.Read(yaml, "broken.yaml");

        result.IsValid.ShouldBeFalse(broken);
        var error = result.Errors.FirstOrDefault(e => e.Field == field && e.Message.Contains(wording, StringComparison.Ordinal));
        error.ShouldNotBeNull($"{broken}: no error on {field} saying \"{wording}\"; got {string.Join(" | ", result.Errors)}");
        error.File.ShouldBe("broken.yaml");
        (error.Line, error.Column).ShouldBe((line, column), broken);
        error.ToString().ShouldStartWith($"broken.yaml:{line}:{column}: {field}: ");
    }
}
