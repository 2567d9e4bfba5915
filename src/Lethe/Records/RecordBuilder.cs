using Lethe.DataMap;
using Lethe.Localization;

namespace Lethe.Records;

/// <summary>Builds the Art. 30(1) controller record and the Art. 30(2) processor record from a manifest.</summary>
public static class RecordBuilder
{
    internal static readonly (string Key, string Provision)[] ControllerColumns =
    [
        ("controller", "Art. 30(1)(a)"), ("representative", "Art. 30(1)(a)"), ("dpo", "Art. 30(1)(a)"), ("activity", ""),
        ("purpose", "Art. 30(1)(b)"), ("legal_basis", "Art. 6(1)"), ("special_condition", "Art. 9(2)"), ("subjects", "Art. 30(1)(c)"),
        ("categories", "Art. 30(1)(c)"), ("recipients", "Art. 30(1)(d)"), ("transfers", "Art. 30(1)(e)"), ("retention", "Art. 30(1)(f)"),
        ("security", "Art. 30(1)(g)"),
    ];

    internal static readonly (string Key, string Provision)[] ProcessorColumns =
    [
        ("processor", "Art. 30(2)(a)"), ("dpo", "Art. 30(2)(a)"), ("controllers", "Art. 30(2)(a)"), ("activity", ""),
        ("processing", "Art. 30(2)(b)"), ("categories", "Art. 30(2)(b)"), ("sub_processors", "Art. 28(2)"), ("transfers", "Art. 30(2)(c)"),
        ("security", "Art. 30(2)(d)"),
    ];

    public static RecordOfProcessing Build(Manifest m, RecordKind kind, string language, int revision, DateTime generatedAt)
    {
        var texts = new ManifestWords(m, language);
        var organization = Organization(m.Organization);
        var security = string.Join("; ", m.SecurityMeasures.Select(texts.Of));
        var columns = (kind == RecordKind.Controller ? ControllerColumns : ProcessorColumns)
            .Select(c => new RecordColumn(c.Key, Texts.Get(TextId.RecordHeading(c.Key), language), c.Provision)).ToList();
        var activities = m.Activities.Where(a => (a.Role == "processor") == (kind == RecordKind.Processor));

        var rows = activities.Select(a => kind == RecordKind.Controller
            ? (IReadOnlyList<string>)
            [
                organization, m.Organization.Representative ?? "", m.Organization.DataProtectionOfficer ?? "", a.Key, texts.Of(a.Purpose),
                LegalWords.Basis(a.LegalBasis, language), a.SpecialCategoryCondition ?? "", Joined(a.Subjects, texts.Subject), Joined(a.Categories, texts.Category), Joined(a.Recipients, texts.ProcessorInFull),
                Transfers(a, language),
                texts.Retention(a.Retention), security,
            ]
            :
            [
                organization, m.Organization.DataProtectionOfficer ?? "", a.OnBehalfOf is { } behalf ? texts.Of(behalf) : "", a.Key,
                texts.Of(a.Purpose), Joined(a.Categories, texts.Category), Joined(a.Recipients, texts.ProcessorInFull), Transfers(a, language), security,
            ]).ToList();

        return new RecordOfProcessing(kind, language, m.Organization.Name, revision, generatedAt, columns, rows);
    }

    private static string Organization(Organization o) =>
        string.Join(", ", new[] { o.Name, o.Country == "NO" ? $"org.nr. {o.RegistrationNumber}" : $"CVR {o.RegistrationNumber}", o.Address, o.Email, o.Phone }
            .Where(p => !string.IsNullOrEmpty(p)));

    private static string Joined(IEnumerable<string> keys, Func<string, string> say) => string.Join("; ", keys.Select(say));

    private static string Transfers(ProcessingActivity a, string language) =>
        string.Join("; ", a.Transfers.Select(t => $"{t.Country}: {t.Recipient} ({LegalWords.Safeguard(t.Safeguard, language)})"));
}
