namespace Lethe.Web.Pages;

/// <summary>
/// The memory behind <see cref="FormOnceFilter"/>: which forms were done, and the one at work that later copies wait
/// for. A form is done only when its work ended in a redirect; one answered otherwise (its errors shown) is forgotten,
/// and one copy waiting for it claims the work instead. Forms are remembered for a while, in arrival order, up to a cap.
/// </summary>
public sealed class FormMemory(TimeSpan remembered, int mostRemembered, Func<long>? milliseconds = null)
{
    private readonly Func<long> _now = milliseconds ?? (() => Environment.TickCount64);
    private readonly long _remembered = (long)remembered.TotalMilliseconds;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long At, TaskCompletionSource<string?> Done)> _sent = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long At)> _order = new();
    private long _pruned;

    /// <summary>How many forms are remembered now (for tests of the cap and the forgetting).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sent.Count;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (which answers the redirect it ended in, or null) unless the form known by
    /// <paramref name="key"/> did it already or is doing it; then waits up to <paramref name="longestWait"/> for that one.
    /// </summary>
    public async Task<FormAnswer> SendAsync(string key, Func<Task<string?>> work, TimeSpan longestWait, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (first, done) = Claim(key);
            if (first)
            {
                await RunFirstAsync(key, done, work);
                return new FormAnswer.Ran();
            }

            string? location;
            try
            {
                location = await done.Task.WaitAsync(longestWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                return new FormAnswer.StillAtWork();
            }

            if (location is not null)
            {
                return new FormAnswer.Repeated(location);
            }

            // The first ended without doing the work (its form came back with errors): one of those waiting claims it now.
        }
    }

    private async Task RunFirstAsync(string key, TaskCompletionSource<string?> done, Func<Task<string?>> work)
    {
        string? redirected = null;
        try
        {
            redirected = await work();
        }
        finally
        {
            if (redirected is null)
            {
                Forget(key);
            }

            done.TrySetResult(redirected);
        }
    }

    private (bool First, TaskCompletionSource<string?> Done) Claim(string key)
    {
        var now = _now();
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            // Forms older than the memory's span are forgotten at most once a minute, in the order they came.
            if (now - _pruned > 60_000)
            {
                _pruned = now;
                while (_order.TryPeek(out var oldest) && now - oldest.At > _remembered)
                {
                    _order.Dequeue();
                    if (_sent.TryGetValue(oldest.Key, out var entry) && entry.At == oldest.At)
                    {
                        _sent.Remove(oldest.Key);
                    }
                }
            }

            if (_sent.TryGetValue(key, out var seen) && now - seen.At <= _remembered)
            {
                return (false, seen.Done);
            }

            // Past the cap (a flood of made-up __Once values) forms are not remembered: each post does its work, as
            // without the filter, and the memory stays bounded. The queue also holds forms already forgotten (answered
            // with a page) until they age out: it is capped too.
            if (_sent.Count < mostRemembered && _order.Count < 2 * mostRemembered)
            {
                _sent[key] = (now, done);
                _order.Enqueue((key, now));
            }

            return (true, done);
        }
    }

    private void Forget(string key)
    {
        lock (_gate)
        {
            _sent.Remove(key);
        }
    }
}
