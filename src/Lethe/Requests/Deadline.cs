using Lethe.Tenancy;

namespace Lethe.Requests;

/// <summary>
/// The Art. 12(3) deadline: one month from receipt — the same day of the next month, or that month's last day when the
/// day does not exist (31 January → 28 or 29 February) — extendable by up to two further months, counted the same way
/// from receipt. Receipt is the day in the controller's own time zone: a request sent at 23:30 UTC on 31 January
/// reaches a Danish company on 1 February.
/// </summary>
public static class Deadline
{
    /// <summary>The most months an extension may add (Art. 12(3)).</summary>
    public const int MaxExtensionMonths = 2;

    /// <summary>The day the request was received, where the controller is.</summary>
    public static DateOnly ReceivedOn(DateTimeOffset receivedAt, Country country) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(receivedAt, Zone(country)).DateTime);

    /// <summary>The last day to answer: the request is late from the day after.</summary>
    /// <param name="extensionMonths">0, or the months an extension added (at most <see cref="MaxExtensionMonths"/>).</param>
    public static DateOnly Due(DateTimeOffset receivedAt, Country country, int extensionMonths = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extensionMonths);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(extensionMonths, MaxExtensionMonths);

        // AddMonths keeps the day of the month, or takes the month's last day where that day does not exist.
        return ReceivedOn(receivedAt, country).AddMonths(1 + extensionMonths);
    }

    /// <summary>Whether the request is late at <paramref name="now"/>: from the day after its deadline, in the controller's time zone.</summary>
    public static bool IsOverdue(DateOnly due, DateTimeOffset now, Country country) => ReceivedOn(now, country) > due;

    public static TimeZoneInfo Zone(Country country) => TimeZoneInfo.FindSystemTimeZoneById(country switch
    {
        Country.NO => "Europe/Oslo",
        // Denmark, and the Danish default for a company elsewhere: Lethe's users are Nordic.
        _ => "Europe/Copenhagen",
    });
}
