using System.Globalization;

namespace Lethe.Localization;

/// <summary>
/// How long some work took, said for a person: "under 1 sekund", "2,3 sekunder", "4 min. 5 sek.". A run that took
/// a few milliseconds is not "0.0", and the decimal mark is the reader's.
/// </summary>
public static class DurationWords
{
    /// <summary>The duration in words; a negative or unknown one (NaN) is under a second.</summary>
    public static string Say(double seconds, string language)
    {
        var culture = Requests.RequestLanguage.Culture(Texts.Language(language));
        if (double.IsNaN(seconds) || seconds < 1)
        {
            return Texts.Get("duration.under_second", language);
        }

        if (seconds < 60)
        {
            var rounded = Math.Round(seconds, 1, MidpointRounding.AwayFromZero);
            return rounded == 1
                ? Texts.Get("duration.second", language)
                : string.Format(culture, Texts.Get("duration.seconds", language), rounded.ToString("0.#", culture));
        }

        var whole = TimeSpan.FromSeconds(Math.Round(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2)));
        return string.Format(culture, Texts.Get("duration.minutes", language), ((long)whole.TotalMinutes).ToString("N0", culture), whole.Seconds.ToString(culture));
    }
}
