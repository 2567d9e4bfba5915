using Lethe.Localization;

namespace Lethe.DataMap;

/// <summary>
/// The data map's keys said by the names it gives them, in one reader's language: a subject or data category, a
/// processor, a retention rule, a system. A text missing in that language falls back to the tenant's own; a key the
/// data map does not define is shown as written. Shared by the Art. 30 record and the console's data map page, so the
/// two never name the same thing differently.
/// </summary>
public sealed class ManifestWords(Manifest m, string language)
{
    private readonly Dictionary<string, DataCategory> _categories =
        Taxonomy.BuiltIn.Concat(m.DataCategories).GroupBy(c => c.Key, StringComparer.Ordinal)
            // A custom category repeating a built-in key is refused by the data map's checks; the custom one is what was meant.
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public string Language => language;

    public string Of(LocalizedText text) => m.Say(text, language);

    public string Subject(string key) => m.SubjectCategories.FirstOrDefault(s => s.Key == key) is { } s ? Of(s.Name) : key;

    public string Category(string key) => _categories.TryGetValue(key, out var c) ? Of(c.Name) : key;

    /// <summary>A processor by its name, or the key when the data map has no such processor.</summary>
    public string Processor(string key) => m.Processors.FirstOrDefault(p => p.Key == key)?.Name ?? key;

    /// <summary>A processor with its role and location, as the record of processing lists recipients.</summary>
    public string ProcessorInFull(string key) => m.Processors.FirstOrDefault(p => p.Key == key) is { } p
        ? $"{p.Name} ({LegalWords.ProcessorRole(p.Role, language)}, {p.Location})"
        : key;

    public string System(SystemDefinition system) => Of(system.Name);

    /// <summary>A retention rule's description with its periods and law, or "" when the key names no rule.</summary>
    public string Retention(string? key)
    {
        if (key is null || m.RetentionRules.FirstOrDefault(r => r.Key == key) is not { } rule)
        {
            return "";
        }

        var periods = LegalWords.Retention(rule, language);
        var reference = rule.LegalReference is { } law ? $"; {law}" : "";
        return $"{Of(rule.Description)} ({periods}{reference})";
    }
}
