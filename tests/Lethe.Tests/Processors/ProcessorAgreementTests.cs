using Lethe.DataMap;
using Lethe.Processors;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Processors;

public sealed class ProcessorAgreementTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", name, "manifest.yaml"));

    private static ManifestReadResult Read(string yaml) => ManifestReader.Read(yaml, "flexfone.yaml");

    private static Processor P(string key, string role = "processor", DateOnly? review = null, DateOnly? signed = null) => new()
    {
        Key = key, Name = key.ToUpperInvariant(), Service = LocalizedText.Once("x"), Location = "DK", Role = role, ReviewDate = review, AgreementDate = signed,
    };

    [Fact]
    public void Agreements_due_by_a_day_are_those_reviewed_on_or_before_it_earliest_first()
    {
        var m = ManifestFiles.Sample("flexfone") with
        {
            Processors = [P("late", review: new(2027, 3, 1)), P("soon", review: new(2026, 12, 31)), P("overdue", review: new(2026, 6, 1)), P("never")],
        };
        StoredAgreement[] stored =
        [
            new("soon", Guid.NewGuid(), "old.pdf", 10, "aa", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            new("soon", Guid.NewGuid(), "new.pdf", 12, "bb", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        ];

        var due = ProcessorAgreements.DueForReview(m, stored, new DateOnly(2026, 12, 31));

        due.Select(a => a.Processor.Key).ShouldBe(["overdue", "soon"]);
        due[1].Document.ShouldNotBeNull().FileName.ShouldBe("new.pdf");
        due[0].Document.ShouldBeNull();
        ProcessorAgreements.DueForReview(m, stored, new DateOnly(2026, 5, 31)).ShouldBeEmpty();
        ProcessorAgreements.DueForReview(m, stored, new DateOnly(2027, 3, 1)).Count.ShouldBe(3);
    }

    [Fact]
    public void An_agreement_is_missing_for_a_processor_with_neither_date_nor_document_and_never_for_a_joint_controller()
    {
        var m = ManifestFiles.Sample("flexfone") with
        {
            Processors = [P("none"), P("dated", signed: new(2024, 1, 1)), P("kept"), P("joint", role: "joint-controller")],
        };
        var status = ProcessorAgreements.Of(m, [new StoredAgreement("kept", Guid.NewGuid(), "a.pdf", 1, "cc", DateTime.UtcNow)]);
        status.Where(s => s.Missing).Select(s => s.Processor.Key).ShouldBe(["none"]);
        status.Single(s => s.Processor.Key == "joint").Needed.ShouldBeFalse();
    }

    [Fact]
    public void A_processor_without_an_agreement_is_warned_about_at_its_entry()
    {
        var yaml = Sample("flexfone").Replace("    agreementDate: 2022-09-01\n", "", StringComparison.Ordinal);
        var read = Read(yaml);

        read.IsValid.ShouldBeTrue();
        var warning = read.Warnings.Where(w => w.Field.StartsWith("processors", StringComparison.Ordinal)).ShouldHaveSingleItem();
        warning.Field.ShouldBe("processors[0].agreementDate");
        warning.Message.ShouldContain("TDC Holding A/S is a sub-processor without a data processing agreement (Art. 28(3))");
        warning.Line.ShouldBe(yaml.Split('\n').ToList().FindIndex(l => l == "  - key: tdc") + 1);
        Read(Sample("flexfone")).Warnings.ShouldNotContain(w => w.Field.StartsWith("processors", StringComparison.Ordinal));
    }

    [Fact]
    public void The_review_date_and_notice_period_are_read_written_and_checked_with_their_line()
    {
        var read = Read(Sample("flexfone"));
        var tdc = read.Manifest.ShouldNotBeNull().Processors.Single();
        tdc.ReviewDate.ShouldBe(new DateOnly(2026, 9, 1));
        tdc.NoticePeriod.ShouldBe("P30D");
        var again = Read(ManifestWriter.Write(read.Manifest)).Manifest.ShouldNotBeNull().Processors.Single();
        (again.ReviewDate, again.NoticePeriod, again.AgreementDate).ShouldBe((tdc.ReviewDate, tdc.NoticePeriod, tdc.AgreementDate));

        var bad = Read(Sample("flexfone").Replace("noticePeriod: P30D", "noticePeriod: 30 days", StringComparison.Ordinal)
            .Replace("reviewDate: 2026-09-01", "reviewDate: 2021-01-01", StringComparison.Ordinal));
        bad.IsValid.ShouldBeFalse();
        bad.Errors.Select(e => e.Field).ShouldBe(["processors[0].reviewDate", "processors[0].noticePeriod"], ignoreOrder: true);
        bad.Errors.Single(e => e.Field.EndsWith("noticePeriod", StringComparison.Ordinal)).ToString()
            .ShouldStartWith($"flexfone.yaml:{Sample("flexfone").Split('\n').ToList().FindIndex(l => l.Contains("noticePeriod", StringComparison.Ordinal)) + 1}:");
        Read(Sample("flexfone").Replace("reviewDate: 2026-09-01", "reviewDate: 1 September", StringComparison.Ordinal))
            .Errors.ShouldHaveSingleItem().Message.ShouldBe("must be a date written yyyy-MM-dd, not '1 September'.");
    }

    [Fact]
    public void Whether_requests_are_forwarded_is_read_written_and_refused_for_a_controller()
    {
        var yaml = Sample("flex-as");
        var hosting = Read(yaml).Manifest.ShouldNotBeNull().Processors.Single(p => p.Key == "hosting");
        hosting.ForwardRequests.ShouldBe(false, "the provider operates the very systems the request is carried out in");
        Read(ManifestWriter.Write(Read(yaml).Manifest!)).Manifest!.Processors.Single(p => p.Key == "hosting").ForwardRequests.ShouldBe(false);
        Read(Sample("flexfone")).Manifest!.Processors.Single().ForwardRequests.ShouldBeNull();

        var controller = Read(yaml.Replace("    role: processor\n", "    role: joint-controller\n", StringComparison.Ordinal));
        var error = controller.Errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("processors[0].forwardRequests");
        error.Message.ShouldContain("joint-controller answers requests for itself");
        error.Line.ShouldBe(yaml.Split('\n').ToList().FindIndex(l => l.Contains("forwardRequests", StringComparison.Ordinal)) + 1);
    }
}
