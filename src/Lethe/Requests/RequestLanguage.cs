namespace Lethe.Requests;

/// <summary>The languages the privacy centre, the messages and the answer report are written in.</summary>
public static class RequestLanguage
{
    public static readonly string[] All = ["da", "nb", "en"];

    public static bool IsKnown(string? language) => language is not null && All.Contains(language);

    /// <summary>The culture dates are written in for the language (da-DK, nb-NO, en-GB).</summary>
    public static System.Globalization.CultureInfo Culture(string? language) =>
        System.Globalization.CultureInfo.GetCultureInfo(language == "nb" ? "nb-NO" : language == "da" ? "da-DK" : "en-GB");

    /// <summary>A date as the person reads it: "24. december 2026", "24 December 2026".</summary>
    public static string LongDate(DateOnly date, string? language) => date.ToString(LongDateFormat(language), Culture(language));

    /// <summary>The long date pattern of the language, for callers that add a time.</summary>
    public static string LongDateFormat(string? language) => language is "da" or "nb" ? "d. MMMM yyyy" : "d MMMM yyyy";
}
