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
        var texts = new ManifestTexts(m, language);
        var organization = Organization(m.Organization);
        var security = string.Join("; ", m.SecurityMeasures.Select(texts.Of));
        var columns = (kind == RecordKind.Controller ? ControllerColumns : ProcessorColumns)
            .Select(c => new RecordColumn(c.Key, Texts.Get(TextId.RecordHeading(c.Key), language), c.Provision)).ToList();
        var activities = m.Activities.Where(a => (a.Role == "processor") == (kind == RecordKind.Processor));

        var rows = activities.Select(a => kind == RecordKind.Controller
            ? (IReadOnlyList<string>)
            [
                organization, m.Organization.Representative ?? "", m.Organization.DataProtectionOfficer ?? "", a.Key, texts.Of(a.Purpose),
                LegalWords.Basis(a.LegalBasis, language), a.SpecialCategoryCondition ?? "", texts.Subjects(a), texts.Categories(a), texts.Recipients(a),
                Transfers(a, language),
                texts.Retention(a), security,
            ]
            :
            [
                organization, m.Organization.DataProtectionOfficer ?? "", a.OnBehalfOf is { } behalf ? texts.Of(behalf) : "", a.Key,
                texts.Of(a.Purpose), texts.Categories(a), texts.Recipients(a), Transfers(a, language), security,
            ]).ToList();

        return new RecordOfProcessing(kind, language, m.Organization.Name, revision, generatedAt, columns, rows);
    }

    private static string Organization(Organization o) =>
        string.Join(", ", new[] { o.Name, o.Country == "NO" ? $"org.nr. {o.RegistrationNumber}" : $"CVR {o.RegistrationNumber}", o.Address, o.Email, o.Phone }
            .Where(p => !string.IsNullOrEmpty(p)));

    private static string Transfers(ProcessingActivity a, string language) =>
        string.Join("; ", a.Transfers.Select(t => $"{t.Country}: {t.Recipient} ({LegalWords.Safeguard(t.Safeguard, language)})"));

    /// <summary>The data map's texts and codes in the record's language; a text missing in it falls back to the tenant's own language.</summary>
    private sealed class ManifestTexts(Manifest m, string language)
    {
        private readonly Dictionary<string, DataCategory> _categories =
            Taxonomy.BuiltIn.Concat(m.DataCategories).ToDictionary(c => c.Key, StringComparer.Ordinal);

        public string Of(LocalizedText text) => m.Say(text, language);

        public string Subjects(ProcessingActivity a) =>
            string.Join("; ", a.Subjects.Select(k => m.SubjectCategories.FirstOrDefault(s => s.Key == k) is { } s ? Of(s.Name) : k));

        public string Categories(ProcessingActivity a) =>
            string.Join("; ", a.Categories.Select(k => _categories.TryGetValue(k, out var c) ? Of(c.Name) : k));

        public string Recipients(ProcessingActivity a) =>
            string.Join("; ", a.Recipients.Select(k => m.Processors.FirstOrDefault(p => p.Key == k) is { } p
                ? $"{p.Name} ({LegalWords.ProcessorRole(p.Role, language)}, {p.Location})"
                : k));

        public string Retention(ProcessingActivity a)
        {
            if (a.Retention is null || m.RetentionRules.FirstOrDefault(r => r.Key == a.Retention) is not { } rule)
            {
                return "";
            }

            var periods = LegalWords.Retention(rule, language);
            var reference = rule.LegalReference is { } law ? $"; {law}" : "";
            return $"{Of(rule.Description)} ({periods}{reference})";
        }
    }
}
