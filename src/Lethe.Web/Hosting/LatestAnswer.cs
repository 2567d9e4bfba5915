namespace Lethe.Web.Hosting;

/// <summary>
/// An answer that is costly to work out and may be a little old, for an endpoint anyone may call: worked out at most
/// once per <paramref name="fresh"/>, one at a time. While one caller works it out the others get the answer before, if
/// there is one, so a slow or failing database costs one attempt, not one per caller; only the very first callers wait.
/// Freshness runs on the monotonic clock from when the answer was ready, so neither a long count nor a clock set back
/// keeps an answer longer than <paramref name="fresh"/>.
/// </summary>
public sealed class LatestAnswer<T>(TimeSpan fresh)
    where T : class
{
    private readonly SemaphoreSlim _working = new(1, 1);

    // One reference, written whole: callers that do not hold the semaphore read it without tearing.
    private volatile Ready? _last;

    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> workOut, TimeProvider time, CancellationToken ct)
    {
        var last = _last;
        if (last is not null && time.GetElapsedTime(last.At) < fresh)
        {
            return last.Answer;
        }

        if (last is not null && !await _working.WaitAsync(0, ct))
        {
            return last.Answer;
        }

        if (last is null)
        {
            await _working.WaitAsync(ct);
        }

        try
        {
            if (_last is { } ready && time.GetElapsedTime(ready.At) < fresh)
            {
                return ready.Answer;
            }

            var answer = await workOut(ct);
            _last = new Ready(answer, time.GetTimestamp());
            return answer;
        }
        finally
        {
            _working.Release();
        }
    }

    private sealed record Ready(T Answer, long At);
}
