using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace Lethe.Localization;

/// <summary>
/// Lethe's one catalogue of texts in English, Danish and Norwegian (bokmål), keyed by stable ids such as
/// <c>request.status.received</c>: the console and the privacy centre read it through the web's string localizer,
/// and the notice, the records, the answer report and the e-mails read it here. Anything but Danish and Norwegian gets English.
/// </summary>
public static partial class Texts
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

    /// <summary>
    /// The <c>error.*</c> text an English failure message was made from, with the values of its placeholders:
    /// "'message' may be at most 2000 characters; it has 2345." is <c>error.field.too_long</c> with field = message,
    /// max = 2000 and length = 2345, which a page says again in the reader's language (<see cref="Fill"/>).
    /// </summary>
    public static (string Id, IReadOnlyDictionary<string, string> Values)? ErrorMatch(string english)
    {
        if (ErrorId(english) is { } id)
        {
            return (id, new Dictionary<string, string>(StringComparer.Ordinal));
        }

        foreach (var (templateId, pattern) in ErrorTemplates.Value)
        {
            if (pattern.Match(english) is { Success: true } match)
            {
                return (templateId, pattern.GetGroupNames().Where(n => !int.TryParse(n, out _))
                    .ToDictionary(n => n, n => match.Groups[n].Value, StringComparer.Ordinal));
            }
        }

        return null;
    }

    /// <summary>The text with its <c>{name}</c> placeholders filled; a placeholder without a value stays as it is.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>One of <see cref="Languages"/>: Danish and Norwegian as they are, anything else English.</summary>
    public static string Language(string? language) => language is "da" or "nb" ? language : "en";

    private static readonly Lazy<List<(string Id, Regex Pattern)>> ErrorTemplates = new(() =>
        All("en").Where(t => t.Key.StartsWith("error.", StringComparison.Ordinal) && Placeholder().IsMatch(t.Value)).OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => (t.Key, new Regex("^" + string.Concat(Placeholder().Split(t.Value).Select((part, i) => i % 2 == 0 ? Regex.Escape(part) : $"(?<{part}>.+?)")) + "$",
                RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1)))).ToList());

    [GeneratedRegex(@"\{([a-z_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private static CultureInfo Culture(string language) =>
        Language(language) == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language);
}
