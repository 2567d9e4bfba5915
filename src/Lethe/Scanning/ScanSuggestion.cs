using Lethe.DataMap;
using Lethe.Localization;

namespace Lethe.Scanning;

/// <summary>
/// The change to the data map a finding calls for, decided from the finding alone (what was found, and how the data
/// map described the column when the scan ran), and said in the reader's language.
/// </summary>
public static class ScanSuggestion
{
    /// <summary>The data category a column holding <paramref name="kind"/> should have.</summary>
    public static string CategoryOf(DetectorKind kind) => kind switch
    {
        DetectorKind.Cpr or DetectorKind.Fodselsnummer => "identity.national_id",
        DetectorKind.PaymentCard or DetectorKind.Iban => "financial.payment",
        DetectorKind.Email => "contact.email",
        DetectorKind.Phone => "contact.phone",
        DetectorKind.IpAddress => "technical.ip_address",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown detector kind."),
    };

    public static ScanAdvice AdviceFor(ScanFinding finding) =>
        finding.Kind == DetectorKind.PaymentCard ? ScanAdvice.NeverStore
        : !finding.Described ? ScanAdvice.Describe
        : finding.Category == CategoryOf(finding.Kind) ? ScanAdvice.AsDescribed
        : ScanAdvice.RetainOrMask;

    /// <summary>The suggestion as a sentence, e.g. "support.tickets.body holds CPR numbers, but the data map describes it as …".</summary>
    public static string Say(ScanFinding finding, string language)
    {
        var values = new Dictionary<string, string>
        {
            ["column"] = $"{finding.Table}.{finding.Column}",
            ["kind"] = Texts.Get(TextId.DetectorKind(finding.Kind), language),
            ["category"] = CategoryName(CategoryOf(finding.Kind), language),
            ["described"] = finding.Category is null ? Texts.Get("scan.no_category", language) : CategoryName(finding.Category, language),
        };
        return Texts.Fill(Texts.Get(TextId.ScanAdvice(AdviceFor(finding)), language), values);
    }

    private static string CategoryName(string key, string language) =>
        Taxonomy.Find(key) is null ? key : Texts.Get(TextId.Category(key), language);
}
