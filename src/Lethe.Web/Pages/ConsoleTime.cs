using System.Globalization;
using System.Text.Encodings.Web;
using Lethe.Localization;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Lethe.Web.Pages;

/// <summary>
/// Times on console pages: in the tenant's zone, the one its deadlines count in and its e-mails name, so the console,
/// the status page and the person's e-mail show the same clock. The zone is named beside or over every time; the exact
/// UTC moment stays in the element's <c>datetime</c> for anyone who needs it.
/// </summary>
public static class ConsoleTime
{
    /// <summary>
    /// <c>&lt;time&gt;</c> with the local time, the zone named in its title (or after it with
    /// <paramref name="zoneNamed"/>, for a sentence); nothing for no time. Without a country (the platform's own pages)
    /// the time is UTC and says so.
    /// </summary>
    public static IHtmlContent When(this IHtmlHelper html, DateTime? utc, Country? country, bool zoneNamed = false, bool seconds = false)
    {
        if (utc is not { } moment)
        {
            return HtmlString.Empty;
        }

        var (shown, zone) = Local(moment, country, seconds);
        var encoder = HtmlEncoder.Default;
        var iso = DateTime.SpecifyKind(moment, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = zoneNamed ? $"{shown} ({zone})" : shown;
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{encoder.Encode(zone)}\">{encoder.Encode(text)}</time>");
    }

    /// <summary>The same time as plain text with its zone named, for a sentence the localizer formats (and Razor encodes).</summary>
    public static string WhenText(DateTime utc, Country? country)
    {
        var (shown, zone) = Local(utc, country, seconds: false);
        return $"{shown} ({zone})";
    }

    private static (string Shown, string Zone) Local(DateTime moment, Country? country, bool seconds) => country is { } c
        ? (LocalTime.Short(moment, c, seconds), Texts.Get(TextId.TimeZone(c), CultureInfo.CurrentUICulture.TwoLetterISOLanguageName))
        : (moment.ToString(LocalTime.ShortFormat(seconds), CultureInfo.InvariantCulture), "UTC");
}
