using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lethe.DataMap;
using Lethe.Records;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Records;

public sealed class RecordTests
{
    private static readonly DateTime At = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    private static Manifest Sample(string name) =>
        ManifestReader.Read(File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", name, "manifest.yaml")), name).Manifest!;

    [Fact]
    public void The_controller_record_has_every_column_Art_30_1_requires_and_a_row_per_own_activity()
    {
        var m = Sample("flex4business");
        var record = RecordBuilder.Build(m, RecordKind.Controller, "en", 1, At);

        var provisions = record.Columns.Select(c => c.Provision).ToList();
        foreach (var letter in "abcdefg")
        {
            provisions.ShouldContain($"Art. 30(1)({letter})");
        }

        record.Rows.Count.ShouldBe(m.Activities.Count(a => a.Role == "controller"));
        var bookkeeping = Row(record, "bookkeeping");
        bookkeeping["controller"].ShouldContain("CVR 42497762");
        bookkeeping["legal_basis"].ShouldBe("Legal obligation (Art. 6(1)(c))");
        bookkeeping["retention"].ShouldContain(
            "kept at least 5 years, deleted at the latest after 5 years and 6 months, counted from the end of the financial year; Bogføringsloven § 10");
        bookkeeping["recipients"].ShouldContain("Nets Denmark A/S (processor, DK)");
        bookkeeping["security"].ShouldContain("IT risk assessment");
        Row(record, "statistics")["transfers"].ShouldBe("US: Google LLC (adequacy decision (Art. 45))");
        record.Rows.ShouldAllBe(r => r.All(v => v != null));
    }

    [Fact]
    public void The_processor_record_has_every_column_Art_30_2_requires_and_names_the_controllers()
    {
        var record = RecordBuilder.Build(Sample("flexfone"), RecordKind.Processor, "da", 3, At);

        foreach (var letter in "abcd")
        {
            record.Columns.Select(c => c.Provision).ShouldContain($"Art. 30(2)({letter})");
        }

        record.Rows.Count.ShouldBe(1);
        var telephony = Row(record, "telephony_for_customers");
        telephony["controllers"].ShouldContain("Kunder med en Flexfone-løsning");
        telephony["sub_processors"].ShouldContain("TDC Holding A/S (underdatabehandler, DK)");
        record.Columns.Single(c => c.Key == "processor").Heading.ShouldBe("Databehandler og kontaktoplysninger");
    }

    [Fact]
    public void The_danish_record_says_bases_periods_safeguards_and_roles_in_danish_words_not_codes()
    {
        var record = RecordBuilder.Build(Sample("flex4business"), RecordKind.Controller, "da", 1, At);

        var bookkeeping = Row(record, "bookkeeping");
        bookkeeping["legal_basis"].ShouldBe("Retlig forpligtelse (art. 6, stk. 1, litra c)");
        bookkeeping["retention"].ShouldContain("opbevares mindst 5 år, slettes senest efter 5 år og 6 måneder, regnet fra regnskabsårets udløb");
        bookkeeping["recipients"].ShouldContain("Nets Denmark A/S (databehandler, DK)");
        Row(record, "statistics")["transfers"].ShouldBe("US: Google LLC (afgørelse om tilstrækkeligt beskyttelsesniveau (art. 45))");
        var cells = record.Rows.SelectMany(r => r).ToList();
        cells.ShouldNotContain(c => System.Text.RegularExpressions.Regex.IsMatch(c, @"\bP\d+[YMWD]|legitimate-interests|legal-obligation|\(adequacy\)"));
    }

    [Theory]
    [InlineData(RecordKind.Controller, "da", "Fortegnelse – dataansvarlig")]
    [InlineData(RecordKind.Processor, "nb", "Protokoll som databehandler")]
    [InlineData(RecordKind.Controller, "en", "Art. 30(1) controller")]
    public void The_sheet_is_named_in_the_record_s_language_within_a_spreadsheet_s_31_characters(RecordKind kind, string language, string name)
    {
        var record = RecordBuilder.Build(Sample("flexfone"), kind, language, 1, At);

        using var document = SpreadsheetDocument.Open(new MemoryStream(RecordExport.Render(record, "xlsx")), false);
        document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value.ShouldBe(name);
        foreach (var l in Lethe.Localization.Texts.Languages)
        {
            foreach (var k in new[] { RecordKind.Controller, RecordKind.Processor })
            {
                RecordExport.SheetName(record with { Kind = k, Language = l }).Length.ShouldBeLessThanOrEqualTo(31);
            }
        }
    }

    [Fact]
    public void An_XLSX_export_opens_with_the_OpenXml_SDK_and_reads_back_the_same_table()
    {
        var record = RecordBuilder.Build(Sample("flex4business"), RecordKind.Controller, "en", 1, At);

        var bytes = RecordExport.Render(record, "xlsx");

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single();
        sheet.Name!.Value.ShouldBe("Art. 30(1) controller");
        var part = (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
        var rows = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.Text?.Text ?? "").ToList()).ToList();
        rows[0].ShouldBe(record.Columns.Select(c => c.Heading).ToList());
        rows.Skip(1).ShouldBe(record.Rows.Select(r => r.Select(RecordExport.Neutralize).ToList()).ToList());
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    public void Text_a_spreadsheet_would_run_is_neutralised_in_CSV_and_XLSX(string formula)
    {
        var m = Sample("small-business");
        var evil = m with { Activities = [m.Activities[0] with { Purpose = new LocalizedText(new Dictionary<string, string> { ["en"] = formula }) }] };
        var record = RecordBuilder.Build(evil, RecordKind.Controller, "en", 1, At);

        var csv = Encoding.UTF8.GetString(RecordExport.Render(record, "csv"));
        csv.ShouldContain("'" + formula.Replace("\"", "\"\"", StringComparison.Ordinal));
        var start = formula[..2];
        csv.Split(',', '\n').ShouldNotContain(cell => cell.TrimStart('"').StartsWith(start, StringComparison.Ordinal));

        using var document = SpreadsheetDocument.Open(new MemoryStream(RecordExport.Render(record, "xlsx")), false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().Select(c => c.InlineString!.Text!.Text).ToList();
        cells.ShouldContain("'" + formula);
        cells.ShouldNotContain(formula);
        document.WorkbookPart.WorksheetParts.Single().Worksheet.Descendants<CellFormula>().ShouldBeEmpty();
    }

    [Fact]
    public void The_CSV_starts_with_a_byte_order_mark_and_the_headings()
    {
        var bytes = RecordExport.Render(RecordBuilder.Build(Sample("flex-as"), RecordKind.Controller, "nb", 1, At), "csv");
        bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble());
        Encoding.UTF8.GetString(bytes[3..]).ShouldStartWith("Behandlingsansvarlig og kontaktopplysninger,Representant,");
    }

    [Fact]
    public void The_JSON_export_names_each_value_by_column_key()
    {
        var record = RecordBuilder.Build(Sample("flexfone"), RecordKind.Controller, "en", 7, At);
        var json = JsonDocument.Parse(RecordExport.Render(record, "json")).RootElement;

        json.GetProperty("article").GetString().ShouldBe("GDPR Art. 30(1)");
        json.GetProperty("manifestRevision").GetInt32().ShouldBe(7);
        var activities = json.GetProperty("activities").EnumerateArray().ToList();
        activities.Count.ShouldBe(record.Rows.Count);
        activities.Single(a => a.GetProperty("activity").GetString() == "statutory_logging")
            .GetProperty("retention").GetString()!.ShouldContain("Retsplejeloven § 786 f");
    }

    private static Dictionary<string, string> Row(RecordOfProcessing record, string activity)
    {
        var index = record.Columns.ToList().FindIndex(c => c.Key == "activity");
        var row = record.Rows.Single(r => r[index] == activity);
        return record.Columns.Select((c, i) => (c.Key, row[i])).ToDictionary(p => p.Key, p => p.Item2);
    }
}
