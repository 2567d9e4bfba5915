using System.Globalization;
using System.Text;
using System.Text.Json;
using Lethe.Common;
using Lethe.Localization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Lethe.Records;

/// <summary>Renders a record as CSV, XLSX or JSON. Text a spreadsheet would run as a formula is neutralised in CSV and XLSX.</summary>
public static class RecordExport
{
    public static readonly string[] Formats = ["csv", "xlsx", "json"];

    public static string ContentType(string format) => format switch
    {
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json" => "application/json; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };

    public static byte[] Render(RecordOfProcessing record, string format) => format switch
    {
        "csv" => Csv(record),
        "xlsx" => Xlsx(record),
        "json" => Json(record),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };

    /// <summary>Prefixes text that starts like a formula with an apostrophe, so a spreadsheet shows it instead of running it.</summary>
    public static string Neutralize(string value) => SafeCsv.Neutralize(value);

    private static byte[] Csv(RecordOfProcessing record)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = SafeCsv.Create(text))
        {
            csv.WriteRecord(record.Columns.Select(c => c.Heading).ToArray());
            foreach (var row in record.Rows)
            {
                csv.WriteRecord(row.ToArray());
            }
        }

        // A byte order mark, so spreadsheet programs read æ, ø and å as UTF-8.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static byte[] Xlsx(RecordOfProcessing record)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(record.Columns.Select(c => c.Heading)));
            foreach (var row in record.Rows)
            {
                data.Append(Row(row));
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet
            {
                Id = workbook.GetIdOfPart(sheetPart),
                SheetId = 1,
                Name = SheetName(record),
            });
            workbook.Workbook.Save();
        }

        return stream.ToArray();

        static Row Row(IEnumerable<string> values) =>
            new(values.Select(v => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Neutralize(v))) }));
    }

    /// <summary>The sheet's name in the record's language (a spreadsheet allows at most 31 characters).</summary>
    public static string SheetName(RecordOfProcessing record) =>
        record.Kind == RecordKind.Controller ? Texts.Get("records.sheet.controller", record.Language) : Texts.Get("records.sheet.processor", record.Language);

    private static byte[] Json(RecordOfProcessing record) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        record = record.Kind == RecordKind.Controller ? "controller" : "processor",
        article = record.Kind == RecordKind.Controller ? "GDPR Art. 30(1)" : "GDPR Art. 30(2)",
        language = record.Language,
        organization = record.Organization,
        manifestRevision = record.ManifestRevision,
        generatedAt = record.GeneratedAt,
        columns = record.Columns.Select(c => new { key = c.Key, heading = c.Heading, provision = c.Provision }),
        activities = record.Rows.Select(row => record.Columns.Select((c, i) => (c.Key, Value: row[i])).ToDictionary(p => p.Key, p => p.Value)),
    }, new JsonSerializerOptions { WriteIndented = true });
}
