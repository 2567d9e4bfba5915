using System.Globalization;
using CsvHelper;

namespace Lethe.Common;

/// <summary>
/// CSV that is safe to open in a spreadsheet: text starting like a formula (= + - @ tab CR) gets an apostrophe, so the
/// spreadsheet shows it instead of running it. Every CSV Lethe writes goes through here.
/// </summary>
public static class SafeCsv
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static CsvWriterOptions Options => new()
    {
        Injection = CsvInjection.Escape,
        InjectionCharacters = new string(FormulaStarts),
        InjectionEscape = '\'',
        NewLine = "\r\n",
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static CsvWriter Create(TextWriter writer, bool leaveOpen = true) => CsvWriter.Create(writer, Options, leaveOpen);

    /// <summary>Prefixes text that starts like a formula with an apostrophe; for formats other than CSV (XLSX cells).</summary>
    public static string Neutralize(string value) =>
        value.Length > 0 && FormulaStarts.Contains(value[0]) ? "'" + value : value;
}
