using System.Globalization;
using Lethe.Localization;
using Microsoft.Extensions.Localization;

namespace Lethe.Web.Localization;

/// <summary>
/// The pages' <see cref="IStringLocalizer"/> over core's one catalogue (<see cref="Texts"/>), in the request's UI
/// culture: the console, the privacy centre, the notice and the e-mails read the same texts by the same ids.
/// </summary>
public sealed class CatalogueLocalizer : IStringLocalizer
{
    public LocalizedString this[string name] => Lookup(name, null);

    public LocalizedString this[string name, params object[] arguments] => Lookup(name, arguments);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var language = Language;
        var texts = Texts.All(language);
        var english = includeParentCultures && language != "en" ? Texts.All("en") : texts;
        return english.Keys.Select(id => new LocalizedString(id, texts.GetValueOrDefault(id) ?? english[id], resourceNotFound: !texts.ContainsKey(id)));
    }

    /// <summary>The catalogue's language for the request's culture: Danish and Norwegian, anything else English.</summary>
    public static string Language => Texts.Language(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    private static LocalizedString Lookup(string name, object[]? arguments)
    {
        // Like the resource localizer it replaces: an unknown id shows as itself, so a page still renders.
        var text = Texts.Find(name, Language);
        var value = text is null || arguments is null ? text ?? name : string.Format(CultureInfo.CurrentCulture, text, arguments);
        return new LocalizedString(name, value, resourceNotFound: text is null);
    }
}
