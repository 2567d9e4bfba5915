namespace Lethe.Requests;

/// <summary>How the background worker runs (<c>Lethe:Worker</c>), in <c>lethe serve</c> and <c>lethe worker</c> alike; checked when Lethe starts.</summary>
public sealed class WorkerOptions : Common.IOptionsProblems
{
    public const string Section = "Lethe:Worker";

    /// <summary>
    /// Seconds between timed rounds of due work: the safety net beside <see cref="Wake"/>, and what finds work that becomes
    /// due by time passing (a retry's backoff, a reminder, a hold's end). 0 turns the loop off: the web server only answers
    /// HTTP, and <c>lethe worker</c> runs once.
    /// </summary>
    public int IntervalSeconds { get; set; } = 30;

    /// <summary>
    /// Seconds after the server is ready before the first timed round. Work made due meanwhile still starts at once;
    /// what waits is the sweep for work that came due while the server was down, which would otherwise compete with
    /// start-up itself on a small machine.
    /// </summary>
    public int StartDelaySeconds { get; set; } = 5;

    /// <summary>Whether work made due by a change (an approval, a callback, a mail queued) starts at once, and where.</summary>
    public Work.WorkWake Wake { get; set; } = Work.WorkWake.Notify;

    /// <summary>How long a worker may hold a request step or deferred erasure before another may take it.</summary>
    public TimeSpan StepLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Failed attempts after which the worker stops retrying a request step, a deferred erasure or an answer package by
    /// itself; the work then waits, given up on, for an officer in the console's overview and <c>/health/work</c>. With
    /// the backoff (<see cref="Execution.Backoff"/>) the default of 20 is about three days of trying.
    /// </summary>
    public int GiveUpAfterAttempts { get; set; } = 20;

    /// <summary>Whether work that has failed <paramref name="attempts"/> times is given up on.</summary>
    public bool GivesUp(int attempts) => attempts >= GiveUpAfterAttempts;

    /// <summary>The wait between rounds; null when the loop is off.</summary>
    public TimeSpan? Interval => IntervalSeconds == 0 ? null : TimeSpan.FromSeconds(IntervalSeconds);

    /// <summary>The wait between the server being ready and the first timed round.</summary>
    public TimeSpan StartDelay => TimeSpan.FromSeconds(StartDelaySeconds);

    public IEnumerable<string> Problems()
    {
        if (IntervalSeconds is < 0 or > 86_400)
        {
            yield return $"{Section}:IntervalSeconds must be between 0 (off) and 86400, not {IntervalSeconds}.";
        }

        if (StartDelaySeconds is < 0 or > 3_600)
        {
            yield return $"{Section}:StartDelaySeconds must be between 0 and 3600, not {StartDelaySeconds}.";
        }

        if (!Enum.IsDefined(Wake))
        {
            yield return $"{Section}:Wake must be Notify, Local or Timer, not {Wake}.";
        }

        if (StepLease < TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:StepLease must be at least a minute (a step may take that long), not {StepLease}.";
        }

        if (GiveUpAfterAttempts < 1)
        {
            yield return $"{Section}:GiveUpAfterAttempts must be at least 1 (the first attempt), not {GiveUpAfterAttempts}.";
        }
    }
}
