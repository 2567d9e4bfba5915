namespace Lethe.Breaches;

/// <summary>
/// The language a person is written to in, from the value of the field their data map marks <c>contact.language</c>:
/// a code (<c>da</c>, <c>nb-NO</c>, <c>no</c>) or a name (<c>dansk</c>, <c>Norwegian</c>); anything else, or no value,
/// is the company's own language, as the privacy notice falls back to it.
/// </summary>
public static class LetterLanguage
{
    public const string Category = "contact.language";

    public static string From(string? value, string fallback)
    {
        var text = value?.Trim().ToLowerInvariant().Replace('_', '-') ?? "";
        return text switch
        {
            "da" or "dan" or "dansk" or "danish" or "dk" => "da",
            "nb" or "nn" or "no" or "nob" or "nno" or "nor" or "norsk" or "bokmål" or "bokmal" or "nynorsk" or "norwegian" => "nb",
            "en" or "eng" or "english" or "engelsk" => "en",
            _ when text.Length > 3 && text[2] == '-' => From(text[..2], fallback),
            _ => fallback,
        };
    }
}
