using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

public sealed class ManifestRoundTripTests
{
    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in ManifestFiles.Samples())
        {
            data.Add(Path.GetRelativePath(ManifestFiles.RepositoryRoot(), file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Each_sample_is_valid_and_export_import_export_is_byte_identical(string sample)
    {
        var text = File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), sample));
        var read = ManifestReader.Read(text, sample);
        read.Errors.ShouldBeEmpty();

        var exported = ManifestWriter.Write(read.Manifest!);
        var again = ManifestReader.Read(exported, "exported.yaml");
        again.Errors.ShouldBeEmpty();
        ManifestWriter.Write(again.Manifest!).ShouldBe(exported);
    }

    [Theory]
    [InlineData("      equals: ended", "ended", null)]
    [InlineData("      isNull: false", null, false)]
    public void A_retention_condition_is_read_and_written_back_the_same(string test, string? equals, bool? isNull)
    {
        var text = ManifestFiles.Minimal
            .Replace("    action: delete\n", $"    action: delete\n    condition:\n      field: email\n{test}\n", StringComparison.Ordinal);
        var read = ManifestReader.Read(text, "condition.yaml");
        read.Errors.ShouldBeEmpty();
        read.Manifest!.RetentionRules[0].Condition.ShouldBe(new RetentionCondition { Field = "email", EqualsValue = equals, IsNull = isNull });

        var written = ManifestWriter.Write(read.Manifest);
        written.ShouldContain("  condition:\n    field: email\n");
        ManifestReader.Read(written, "again.yaml").Manifest!.RetentionRules[0].Condition.ShouldBe(read.Manifest.RetentionRules[0].Condition);
    }

    [Fact]
    public void There_is_a_sample_for_each_seed_company() =>
        ManifestFiles.Samples().Select(f => Path.GetFileName(Path.GetDirectoryName(f))).ShouldBe(["flex-as", "flex4business", "flexfone", "small-business"]);

    [Fact]
    public void Generated_manifests_survive_the_round_trip_whatever_their_text_holds()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 300; i++)
        {
            var manifest = Generate(random);
            var written = ManifestWriter.Write(manifest);
            var read = ManifestReader.Read(written, $"generated-{i}.yaml");

            read.Errors.ShouldBeEmpty(written);
            ManifestWriter.Write(read.Manifest!).ShouldBe(written);
            read.Manifest!.Organization.Name.ShouldBe(manifest.Organization.Name);
            read.Manifest.Activities[0].Purpose.Values.ShouldBe(manifest.Activities[0].Purpose.Values);
        }
    }

    [Theory]
    [InlineData("yes", "\"yes\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("42497762", "\"42497762\"")]
    [InlineData("2026-11-21", "\"2026-11-21\"")]
    [InlineData("- dash", "\"- dash\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("tail #comment", "\"tail #comment\"")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("Nåleskovvej 3, 4291 Ruds Vedby", "Nåleskovvej 3, 4291 Ruds Vedby")]
    [InlineData("P5Y6M", "P5Y6M")]
    public void Scalars_are_quoted_exactly_when_a_reader_could_take_them_for_something_else(string value, string written) =>
        ManifestWriter.Quote(value).ShouldBe(written);

    private static readonly string[] Tricky =
    [
        "yes", "no", "null", "~", "true", "0", "-1", "1.5", ".inf", "2026-01-01", "- item", "? key", ": colon", "a: b", "x #y",
        "#hash", "'single'", "\"double\"", "back\\slash", "tab\there", "line\nbreak", "  padded  ", "Æblegrød & Ørred", "emoji 🎉",
        "[flow]", "{map}", "comma, inside", "100%", "@at", "`tick`", "|pipe", ">fold", "*star", "&amp", "!bang", "end:",
    ];

    private static string Text(Random random) =>
        random.Next(3) == 0 ? Tricky[random.Next(Tricky.Length)] : $"{Tricky[random.Next(Tricky.Length)]} {random.Next(1000)} {Tricky[random.Next(Tricky.Length)]}";

    private static LocalizedText Texts(Random random) => new(
        LocalizedText.Languages.Where(_ => random.Next(2) == 0).DefaultIfEmpty("en").ToDictionary(l => l, _ => Text(random)));

    private static Manifest Generate(Random random) => new()
    {
        Organization = new Organization
        {
            Name = Text(random), RegistrationNumber = "42497762", Country = "DK", Address = Text(random), Email = "dpo@example.dk",
            Phone = random.Next(2) == 0 ? Text(random) : null, Representative = random.Next(2) == 0 ? Text(random) : null,
        },
        SubjectCategories = [new SubjectCategory { Key = "customer", Name = Texts(random), DataSubject = random.Next(2) == 0 }],
        DataCategories = [new DataCategory { Key = "custom.thing", Name = Texts(random), Special = random.Next(2) == 0 }],
        Systems =
        [
            new SystemDefinition
            {
                Key = "crm", Name = Text(random),
                Datastores =
                [
                    new Datastore
                    {
                        Key = "db", Kind = DatastoreKind.Sqlite, Connection = "env:CRM",
                        Collections =
                        [
                            new Collection
                            {
                                Name = "people",
                                Fields =
                                [
                                    new Field { Name = "id" },
                                    new Field { Name = "name", Category = "contact.name", Erasure = "replace", Replacement = Text(random) },
                                    new Field { Name = "since" },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
        Activities =
        [
            new ProcessingActivity
            {
                Key = "sales", Purpose = Texts(random), LegalBasis = "consent", ConsentPurpose = Text(random),
                SpecialCategoryCondition = "explicit-consent",
                Subjects = ["customer"], Categories = ["contact.name", "custom.thing"], Systems = ["crm"], Recipients = ["acme"],
                Retention = "keep",
                Transfers = [new Transfer { Country = "US", Recipient = Text(random), Safeguard = "scc" }],
            },
            new ProcessingActivity
            {
                Key = "hosting", Purpose = Texts(random), LegalBasis = "contract", Role = "processor", OnBehalfOf = Texts(random),
                Subjects = ["customer"], Categories = ["contact.name"],
            },
        ],
        Processors =
        [
            new Processor
            {
                Key = "acme", Name = Text(random), Service = Text(random), Location = Text(random), Role = "processor",
                AgreementDate = new DateOnly(2020 + random.Next(6), 1 + random.Next(12), 1 + random.Next(28)), AgreementReference = Text(random),
            },
        ],
        RetentionRules =
        [
            new RetentionRule
            {
                Key = "keep", Minimum = $"P{random.Next(1, 5)}Y", Maximum = $"P{random.Next(5, 9)}Y{random.Next(0, 12)}M",
                AnchorText = "crm.db.people.since", Action = random.Next(2) == 0 ? "delete" : "anonymize", LegalReference = Text(random),
                Description = Texts(random),
            },
        ],
        SecurityMeasures = [Texts(random), Texts(random)],
    };
}
