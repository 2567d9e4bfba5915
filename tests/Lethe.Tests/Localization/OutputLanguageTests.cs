using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Localization;
using Lethe.Messages;
using Lethe.Notices;
using Lethe.Records;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;

namespace Lethe.Tests.Localization;

/// <summary>
/// What Lethe writes for a Danish or Norwegian reader outside the web pages — the e-mails, the answer reports, the
/// published notices and the Art. 30 records in every format — holds no English sentence, no English text of the data
/// map beside its translation, and no raw code (see <see cref="EnglishSentences"/>). The web pages are checked by
/// Lethe.Web.Tests' PublicPagesLanguageTests with the same check.
/// </summary>
public sealed partial class OutputLanguageTests
{
    public static TheoryData<string, string> SamplesInDanishAndNorwegian()
    {
        var data = new TheoryData<string, string>();
        foreach (var sample in ManifestFiles.Samples().Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)))
        {
            data.Add(sample, "da");
            data.Add(sample, "nb");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SamplesInDanishAndNorwegian))]
    public void The_notice_holds_no_english(string sample, string language)
    {
        var m = DemoStore.Sample(sample);

        var notice = Unescape(NoticeRenderer.Render(m, language, 3, new DateOnly(2026, 12, 2)));

        EnglishSentences.In(notice, language, m).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(SamplesInDanishAndNorwegian))]
    public void The_records_hold_no_english_in_any_format(string sample, string language)
    {
        var m = DemoStore.Sample(sample);
        foreach (var kind in new[] { RecordKind.Controller, RecordKind.Processor })
        {
            var record = RecordBuilder.Build(m, kind, language, 1, TestClock.Start.UtcDateTime);
            foreach (var format in RecordExport.Formats)
            {
                var bytes = RecordExport.Render(record, format);
                var text = format == "xlsx" ? XlsxText(bytes) : format == "json" ? JsonStrings(bytes) : Encoding.UTF8.GetString(bytes);
                EnglishSentences.In(text, language, m).ShouldBeEmpty($"{kind} {format}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SamplesInDanishAndNorwegian))]
    public void The_answer_reports_hold_no_english(string sample, string language)
    {
        var m = DemoStore.Sample(sample);
        var stores = m.Systems.SelectMany(s => s.Datastores.Select(d => (Name: $"{s.Key}.{d.Key}", Store: d))).ToList();
        var counts = stores.SelectMany(s => s.Store.Collections.Select(c => $"{s.Name}.{c.Name}")).ToDictionary(c => c, _ => 2);
        var (store, storeName) = (stores[0].Store, stores[0].Name);
        var outcome = new ErasureOutcome(storeName,
            [new ChangeCount(store.Collections[0].Name, ErasureStrategy.DeleteRow, 2), new ChangeCount(store.Collections[0].Name, ErasureStrategy.Hash, 1)],
            [new KeptRows(store.Collections[0].Name, 1, "referenced by rows kept under a rule", new DateOnly(2031, 1, 1), m.RetentionRules[0].Key, m.RetentionRules[0].LegalReference)]);

        var reports = new[] { RequestType.Access, RequestType.Erasure }.SelectMany(type =>
        {
            var request = new DataRequest { Type = type, IdentitiesJson = "[]", Language = language, CreatedAt = TestClock.Start.UtcDateTime };
            var markdown = type == RequestType.Access
                ? AnswerReport.Access(m, request, counts, [], TestClock.Start, Country.DK)
                : AnswerReport.Erasure(m, request, [outcome], [], [], TestClock.Start, Country.DK);
            return new[] { Unescape(markdown), AnswerReport.Html(markdown, language, AnswerReport.Title(request)), AnswerReport.Suppressed(m, request, TestClock.Start, Country.DK) };
        });

        foreach (var report in reports)
        {
            EnglishSentences.In(report, language, m).ShouldBeEmpty();
        }
    }

    [Theory]
    [InlineData("da", Country.DK, "dansk tid")]
    [InlineData("nb", Country.NO, "norsk tid")]
    public void Every_e_mail_holds_no_english_and_names_the_time_zone_of_its_times(string language, Country country, string zone)
    {
        var expires = LocalTime.Format(new DateTime(2026, 12, 2, 15, 38, 0, DateTimeKind.Utc), country, language);
        foreach (var template in MessageTemplates.Names)
        {
            var placeholders = MailPlaceholder().Matches(Texts.Get(TextId.MailSubject(template), "en") + Texts.Get(TextId.MailBody(template), "en"))
                .Select(m => m.Groups[1].Value).Distinct();
            var values = placeholders.ToDictionary(p => p, p => p switch
            {
                "type" => MessageTemplates.TypeList(["access", "erasure"], language),
                "due" => RequestLanguage.LongDate(new DateOnly(2027, 1, 2), language),
                "expires" => expires,
                "org" => "Flex4Business ApS",
                _ => "https://lethe.example/x",
            });

            var (subject, body) = MessageTemplates.Render(template, language, values);

            EnglishSentences.In(subject + "\n" + body, language).ShouldBeEmpty(template);
            body.ShouldNotContain("UTC", Case.Sensitive, template);
            if (values.ContainsKey("expires"))
            {
                body.ShouldContain($"({zone})", Case.Sensitive, template);
            }
        }
    }

    [Fact]
    public void The_check_finds_what_a_tester_found_in_danish_output()
    {
        var m = DemoStore.Sample("flex4business");
        var plain = m with { Processors = [m.Processors[0] with { Service = "Card acquiring; card data is entered at the gateway and never reaches us" }] };

        EnglishSentences.In("Retsgrundlag: legitimate-interests; opbevares P5Y6M", "da").ShouldBe(["legitimate-interests", "P5Y6M"], ignoreOrder: true);
        EnglishSentences.In("US: Google LLC (adequacy)", "da").ShouldBe(["(adequacy)"]);
        EnglishSentences.In("Ark: Art. 30(1) controller", "da").ShouldContain("Art. 30(1) controller");
        EnglishSentences.In("- Invoicing and bookkeeping – customers: 1 post", "da", m).ShouldBe(["Invoicing and bookkeeping"]);
        EnglishSentences.In("Nets (DK): Card acquiring; card data is entered at the gateway and never reaches us", "da", plain)
            .ShouldBe(["Card acquiring; card data is entered at the gateway and never reaches us"]);
        EnglishSentences.In("Fakturering og bogføring – kunder: 1 post; afgørelse om tilstrækkeligt beskyttelsesniveau (art. 45)", "da", m).ShouldBeEmpty();
    }

    /// <summary>Markdown as a reader sees it: data-map text is escaped with backslashes.</summary>
    private static string Unescape(string markdown) => markdown.Replace("\\", "", StringComparison.Ordinal);

    private static string XlsxText(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheets = document.WorkbookPart!.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value);
        var cells = document.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>()).Select(t => t.Text);
        return string.Join("\n", sheets.Concat(cells));
    }

    /// <summary>The JSON export's string values, unescaped (the serializer writes æ, ø and å as \u escapes).</summary>
    private static string JsonStrings(byte[] bytes)
    {
        var values = new List<string>();
        void Walk(System.Text.Json.JsonElement e)
        {
            switch (e.ValueKind)
            {
                case System.Text.Json.JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Walk(p.Value);
                    }

                    break;
                case System.Text.Json.JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                case System.Text.Json.JsonValueKind.String:
                    values.Add(e.GetString()!);
                    break;
            }
        }

        using var json = System.Text.Json.JsonDocument.Parse(bytes);
        Walk(json.RootElement);
        return string.Join("\n", values);
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex MailPlaceholder();
}
