using System.Globalization;
using Lethe.Localization;

namespace Lethe.Breaches;

/// <summary>
/// The letters of a breach per language, as <see cref="BreachAddressees.Languages"/> writes them for the audit log and the
/// CLI (<c>da=40 nb=3</c>), said for a person: "40 på dansk og 3 på norsk".
/// </summary>
public static class LetterLanguages
{
    /// <summary>The counts in words; a part that is not <c>language=count</c> is shown as written, and none at all is "none".</summary>
    public static string Say(string? counts, string language)
    {
        var culture = Requests.RequestLanguage.Culture(Texts.Language(language));
        var parts = (counts ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var cut = part.IndexOf('=', StringComparison.Ordinal);
            return cut > 0 && int.TryParse(part[(cut + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var letters)
                ? string.Format(culture, Texts.Get("console.breaches.letters_in_language", language),
                    letters.ToString("N0", culture), Texts.Find(TextId.LanguageName(part[..cut]), language) ?? part[..cut])
                : part;
        }).ToList();
        return parts.Count == 0 ? Texts.Get("console.breaches.letters_no_language", language) : LegalWords.List(parts, language);
    }
}
