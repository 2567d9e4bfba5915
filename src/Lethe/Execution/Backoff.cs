namespace Lethe.Execution;

/// <summary>When to try failed work again: a minute, then doubling, at most six hours apart — and never given up.</summary>
public static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Longest = TimeSpan.FromHours(6);

    /// <summary>Attempts after which work is shown as stuck in the console, while it keeps being retried.</summary>
    public const int Stuck = 8;

    /// <param name="attempts">Attempts made so far, at least 1.</param>
    public static TimeSpan After(int attempts) =>
        attempts >= 20 ? Longest : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Max(0, attempts - 1)));
}
