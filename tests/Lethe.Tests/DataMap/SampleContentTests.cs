using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

/// <summary>Each sample says in data what its seed policy promises in prose.</summary>
public sealed class SampleContentTests
{
    private static Manifest Load(string sample)
    {
        var path = Path.Combine(ManifestFiles.RepositoryRoot(), "samples", sample, "manifest.yaml");
        var read = ManifestReader.Read(File.ReadAllText(path), path);
        read.Errors.ShouldBeEmpty();
        return read.Manifest!;
    }

    [Theory]
    // Seeds 000/001: accounting material at least 5 years; IP logging for security.
    [InlineData("flex4business", "bookkeeping", "P5Y", "P5Y6M", "billing.db.invoices.invoice_date")]
    [InlineData("flex4business", "ip_logs", null, "P90D", "website.db.access_log.logged_at")]
    // Seed 002: kept for claims under the Limitation Act after the relationship ends; bookkeeping.
    [InlineData("flex-as", "customer_relationship", null, "P3Y", "ledger.db.clients.relationship_ended_on")]
    [InlineData("flex-as", "bookkeeping", "P5Y", "P5Y6M", "ledger.db.invoices.invoice_date")]
    // Seed 003: "always at least 5 years … deleted at the latest 5½ years after the invoice date".
    [InlineData("small-business", "bookkeeping", "P5Y", "P5Y6M", "erp.db.invoices.invoice_date")]
    // Seed 004: recordings deleted after 90 days; statutory logging; bookkeeping.
    [InlineData("flexfone", "call_recordings", null, "P90D", "pbx.db.call_recordings.started_at")]
    [InlineData("flexfone", "statutory_logging", "P1Y", "P1Y", "pbx.db.usage_log.logged_at")]
    [InlineData("flexfone", "bookkeeping", "P5Y", "P5Y6M", "pbx.db.invoices.invoice_date")]
    public void Retention_periods_are_the_seeds(string sample, string rule, string? minimum, string maximum, string anchor)
    {
        var found = Load(sample).RetentionRules.Single(r => r.Key == rule);
        (found.Minimum, found.Maximum, found.Anchor).ShouldBe((minimum, maximum, FieldRef.Parse(anchor)));
    }

    [Fact]
    public void Flex4Business_sets_statistics_and_marketing_cookies_only_with_consent_and_never_stores_card_data()
    {
        var m = Load("flex4business");
        m.Activities.Single(a => a.Key == "statistics").LegalBasis.ShouldBe("consent");
        m.Activities.Single(a => a.Key == "marketing").LegalBasis.ShouldBe("consent");
        m.Activities.Single(a => a.Key == "newsletter").ConsentPurpose.ShouldBe("newsletter");
        var columns = m.Systems.SelectMany(s => s.Datastores).SelectMany(d => d.Collections).SelectMany(c => c.Fields).ToList();
        columns.ShouldNotContain(f => f.Category == "financial.payment", "card data goes to the gateway, never to us");
        m.Processors.Single(p => p.Key == "nets").Role.ShouldBe("processor");
        m.SubjectCategories.Single(s => s.Key == "company_customer").DataSubject.ShouldBeFalse("companies are not data subjects");
    }

    [Fact]
    public void Flexfone_finds_an_employee_by_extension_and_full_name_and_anonymizes_by_renaming()
    {
        var employees = Load("flexfone").Systems.Single(s => s.Key == "pbx").Datastores[0].Collections.Single(c => c.Name == "employees");
        employees.Fields.Where(f => f.Identifies is not null).Select(f => f.Identifies).ShouldBe(["full_name", "extension", "phone"]);
        var name = employees.Fields.Single(f => f.Name == "full_name");
        (name.Erasure, name.Replacement).ShouldBe(("replace", "Anonymiseret person"));
        Load("flexfone").Processors.Single(p => p.Key == "tdc").Role.ShouldBe("sub-processor");
    }

    [Fact]
    public void Flex_AS_is_Norwegian_and_lets_customers_object_to_direct_marketing()
    {
        var m = Load("flex-as");
        m.Organization.Country.ShouldBe("NO");
        m.Organization.Representative.ShouldNotBeNull().ShouldContain("daglig leder");
        m.Activities.Single(a => a.Key == "direct_marketing").LegalBasis.ShouldBe("legitimate-interests");
    }

    [Fact]
    public void The_small_business_does_no_direct_marketing()
    {
        var activities = Load("small-business").Activities;

        activities.Select(a => a.Key).ShouldBe(["delivery_and_invoicing"]);
        activities.ShouldNotContain(a => a.Categories.Contains("marketing.preferences"));
    }
}
