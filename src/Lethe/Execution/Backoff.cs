namespace Lethe.Execution;

/// <summary>
/// When to try failed work again: a minute, then doubling, at most six hours apart. Work is shown as stuck after
/// <see cref="Stuck"/> attempts and stops being retried by itself after <see cref="GiveUpAfter"/> (about three days), when
/// an officer decides: try again once the cause is fixed, or act by hand.
/// </summary>
public static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Longest = TimeSpan.FromHours(6);

    /// <summary>Attempts after which work is shown as stuck in the console, while it keeps being retried.</summary>
    public const int Stuck = 8;

    /// <summary>Attempts after which the worker stops and the work waits in a final failed state for an officer.</summary>
    public const int GiveUpAfter = 20;

    /// <summary>Whether work that has failed <paramref name="attempts"/> times is given up on.</summary>
    public static bool GivesUp(int attempts) => attempts >= GiveUpAfter;

    /// <param name="attempts">Attempts made so far, at least 1.</param>
    public static TimeSpan After(int attempts) =>
        attempts >= 20 ? Longest : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Max(0, attempts - 1)));
}
