using System.Globalization;

namespace Lethe.Localization;

/// <summary>
/// A sentence as a text id and the values it takes, made once by the domain and said in each reader's language. Its
/// English is what the API and the CLI show.
/// </summary>
public sealed record Said(string Id, IReadOnlyList<string> Values)
{
    /// <summary>The sentence in <paramref name="language"/>, else in English.</summary>
    public string In(string language) => Find(language) ?? Find("en") ?? Texts.Get(Id, "en");

    /// <summary>
    /// The sentence in <paramref name="language"/>; null when the language has no such text, or when the text takes
    /// more values than were given (a text changed after its values were stored).
    /// </summary>
    public string? Find(string language)
    {
        if (Texts.Find(Id, language) is not { } text)
        {
            return null;
        }

        try
        {
            return string.Format(CultureInfo.InvariantCulture, text, Values.Cast<object>().ToArray());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public override string ToString() => In("en");
}
