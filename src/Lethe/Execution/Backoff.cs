namespace Lethe.Execution;

/// <summary>
/// When to try failed work again: a minute, then doubling, at most six hours apart. Work is shown as stuck after
/// <see cref="Stuck"/> attempts and stops being retried by itself after <c>Lethe:Worker:GiveUpAfterAttempts</c>
/// (<see cref="Requests.WorkerOptions.GiveUpAfterAttempts"/>; 20 by default, about three days), when an officer decides:
/// try again once the cause is fixed, or act by hand.
/// </summary>
public static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Longest = TimeSpan.FromHours(6);

    /// <summary>Attempts after which work is shown as stuck in the console, while it keeps being retried.</summary>
    public const int Stuck = 8;

    /// <param name="attempts">Attempts made so far, at least 1.</param>
    public static TimeSpan After(int attempts) =>
        // Past 20 doublings the wait is long since the longest, and shifting further would overflow.
        attempts >= 20 ? Longest : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Max(0, attempts - 1)));
}
