using System.Globalization;

namespace Lethe.Localization;

/// <summary>
/// A sentence as a text id and the values it takes, made once by the domain and said in each reader's language. Its
/// English is what the API and the CLI show.
/// </summary>
public sealed record Said(string Id, IReadOnlyList<string> Values)
{
    public string In(string language)
    {
        var text = Texts.Find(Id, language) ?? Texts.Get(Id, "en");
        try
        {
            return string.Format(CultureInfo.InvariantCulture, text, Values.Cast<object>().ToArray());
        }
        catch (FormatException)
        {
            return text;
        }
    }

    public override string ToString() => In("en");
}
