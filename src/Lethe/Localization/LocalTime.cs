using System.Globalization;
using Lethe.Requests;
using Lethe.Tenancy;

namespace Lethe.Localization;

/// <summary>
/// Times as a person reads them: in the tenant's time zone, with the zone named ("3. december 2026 kl. 16.38 (dansk
/// tid)"), so an e-mail and the status page say the same time and nobody has to guess whether it is UTC. The zone is
/// the tenant's country's (<see cref="Deadline.Zone"/>), the one its deadlines are counted in.
/// </summary>
public static class LocalTime
{
    /// <summary>The tenant's time zone.</summary>
    public static TimeZoneInfo Zone(Country country) => Deadline.Zone(country);

    /// <summary>A moment (UTC) as date, time and zone in the language.</summary>
    public static string Format(DateTime utc, Country country, string language)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(country));
        var culture = RequestLanguage.Culture(language);
        return Texts.Fill(Texts.Get("time.at", language), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["date"] = local.ToString(RequestLanguage.LongDateFormat(language), culture),
            ["time"] = local.ToString("HH:mm", culture),
            ["zone"] = Texts.Get(TextId.TimeZone(country), language),
        });
    }

    /// <summary>A moment (UTC) as the console's tables show it, where the tenant is: "2026-12-02 22:10".</summary>
    public static string Short(DateTime utc, Country country, bool seconds = false) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(country)).ToString(ShortFormat(seconds), CultureInfo.InvariantCulture);

    /// <summary>The console's format for a time, to the minute or, in the audit log, the second.</summary>
    public static string ShortFormat(bool seconds) => seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm";

    /// <summary>The day a moment (UTC) falls on where the tenant is.</summary>
    public static DateOnly Date(DateTime utc, Country country) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone(country)));
}
