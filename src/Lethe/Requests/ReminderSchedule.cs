namespace Lethe.Requests;

/// <summary>
/// When the assignee of an open request is reminded: a week before the deadline, two days before, on the day, and once
/// when it has passed. Each stage is sent once, however often the worker looks.
/// </summary>
public static class ReminderSchedule
{
    /// <summary>Days before the deadline each stage starts; the last is the day after it.</summary>
    public static readonly int[] DaysBefore = [7, 2, 0, -1];

    /// <returns>The stage reached on <paramref name="today"/>: 0 before the first reminder, up to <see cref="DaysBefore"/>' length.</returns>
    public static int StageOn(DateOnly due, DateOnly today)
    {
        var stage = 0;
        for (var i = 0; i < DaysBefore.Length; i++)
        {
            if (today >= due.AddDays(-DaysBefore[i]))
            {
                stage = i + 1;
            }
        }

        return stage;
    }
}
