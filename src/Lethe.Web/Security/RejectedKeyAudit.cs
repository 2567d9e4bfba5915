namespace Lethe.Web.Security;

/// <summary>
/// How many refused API keys are written to the audit log: each one, up to <see cref="PerMinute"/> a minute per
/// server. Anyone can send a made-up key, and the audit log is kept for ever and written one entry at a time, so a flood
/// of them must not grow the log without bound or hold up audited work; those past the budget are counted, and the
/// count is written with the next entry.
/// </summary>
public sealed class RejectedKeyAudit(TimeProvider time)
{
    public const int PerMinute = 30;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _recorded;
    private int _unrecorded;

    /// <returns>Whether to write this refusal, and how many went unwritten before it.</returns>
    public (bool Record, int Unrecorded) Next()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _recorded = 0;
            }

            if (_recorded >= PerMinute)
            {
                _unrecorded++;
                return (false, 0);
            }

            _recorded++;
            var before = _unrecorded;
            _unrecorded = 0;
            return (true, before);
        }
    }
}
