using System.Collections;
using System.Globalization;
using System.Resources;

namespace Lethe.Localization;

/// <summary>
/// Lethe's one catalogue of texts in English, Danish and Norwegian (bokmål), keyed by stable ids such as
/// <c>request.status.received</c>: the console and the privacy centre read it through the web's string localizer,
/// and the notice, the records, the answer report and the e-mails read it here. Anything but Danish and Norwegian gets English.
/// </summary>
public static class Texts
{
    /// <summary>The languages every text is written in; English is the neutral resource.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "da", "nb"];

    private static readonly ResourceManager Catalogue = new("Lethe.Localization.Texts", typeof(Texts).Assembly);

    private static readonly Lazy<Dictionary<string, string>> ErrorIdsByEnglish = new(() =>
        All("en").Where(t => t.Key.StartsWith("error.", StringComparison.Ordinal)).ToDictionary(t => t.Value, t => t.Key, StringComparer.Ordinal));

    /// <summary>The text in the language; a missing id is a bug and throws rather than showing the id to a person.</summary>
    public static string Get(string id, string language) =>
        Find(id, language) ?? throw new KeyNotFoundException($"The text '{id}' is not in the catalogue (src/Lethe/Localization/Texts.resx).");

    /// <summary>The text, or null when the catalogue has no such id.</summary>
    public static string? Find(string id, string language) => Catalogue.GetString(id, Culture(language));

    public static bool Has(string id) => Find(id, "en") is not null;

    /// <summary>Every id and its text in one language, without falling back to English (for tests and the localizer).</summary>
    public static IReadOnlyDictionary<string, string> All(string language) =>
        Catalogue.GetResourceSet(Culture(language), createIfNotExists: true, tryParents: false)?.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal) ?? [];

    /// <summary>
    /// The id of an <c>error.*</c> text whose English is <paramref name="english"/>: core's failures carry English
    /// (the API's language), and a page that shows one to a person looks its translation up by this id.
    /// </summary>
    public static string? ErrorId(string english) => ErrorIdsByEnglish.Value.GetValueOrDefault(english);

    /// <summary>One of <see cref="Languages"/>: Danish and Norwegian as they are, anything else English.</summary>
    public static string Language(string? language) => language is "da" or "nb" ? language : "en";

    private static CultureInfo Culture(string language) =>
        Language(language) == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language);
}
