using Lethe.Localization;
using Microsoft.Extensions.Localization;

namespace Lethe.Web.Localization;

/// <summary>Texts chosen by a value that the data map or the audit log may hold beyond what the catalogue names.</summary>
public static class LocalizerWords
{
    /// <summary>The text of <paramref name="id"/> in the reader's language, or <paramref name="asIs"/> when the catalogue has none.</summary>
    public static string OrAsIs(this IStringLocalizer l, string id, string asIs) => Texts.Has(id) ? l[id] : asIs;
}
