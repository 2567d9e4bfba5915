namespace Lethe.Requests;

/// <summary>How the background worker runs (<c>Lethe:Worker</c>), in <c>lethe serve</c> and <c>lethe worker</c> alike; checked when Lethe starts.</summary>
public sealed class WorkerOptions : Common.IOptionsProblems
{
    public const string Section = "Lethe:Worker";

    /// <summary>Seconds between rounds of due work. 0 turns the loop off: the web server only answers HTTP, and <c>lethe worker</c> runs once.</summary>
    public int IntervalSeconds { get; set; } = 30;

    /// <summary>How long a worker may hold a request step or deferred erasure before another may take it.</summary>
    public TimeSpan StepLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The wait between rounds; null when the loop is off.</summary>
    public TimeSpan? Interval => IntervalSeconds == 0 ? null : TimeSpan.FromSeconds(IntervalSeconds);

    public IEnumerable<string> Problems()
    {
        if (IntervalSeconds is < 0 or > 86_400)
        {
            yield return $"{Section}:IntervalSeconds must be between 0 (off) and 86400, not {IntervalSeconds}.";
        }

        if (StepLease < TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:StepLease must be at least a minute (a step may take that long), not {StepLease}.";
        }
    }
}
