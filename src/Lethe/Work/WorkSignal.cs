namespace Lethe.Work;

/// <summary>
/// Says "work became due" to the loops that do it, in this process: a save that made work due pulses it once its commit
/// succeeded (<see cref="WorkDueInterceptor"/>), and so does a notification from another server (<see cref="WorkListener"/>).
/// Pulses coalesce: however many arrive while a round runs, the loop runs one more round, and none is lost.
/// </summary>
public sealed class WorkSignal
{
    /// <summary>The PostgreSQL channel servers sharing a database tell each other on (<c>NOTIFY lethe_work</c>).</summary>
    public const string Channel = "lethe_work";

    private readonly Lock gate = new();
    private long pulses;
    private TaskCompletionSource next = NewPulse();

    /// <summary>This process's name in its notifications, so its own listener passes over what it already pulsed.</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Pulses since the process started, for the log and tests.</summary>
    public long Pulses
    {
        get
        {
            lock (gate)
            {
                return pulses;
            }
        }
    }

    /// <summary>Work became due: every loop waiting wakes, and every loop in a round runs one more.</summary>
    public void Pulse()
    {
        TaskCompletionSource woken;
        lock (gate)
        {
            pulses++;
            woken = next;
            next = NewPulse();
        }

        woken.TrySetResult();
    }

    /// <summary>A waiter for one loop, which sees the pulses that come after this call.</summary>
    public Waiter Subscribe()
    {
        lock (gate)
        {
            return new Waiter(this, pulses);
        }
    }

    // Continuations run on the thread pool, not inside Pulse: a pulse comes from a save's commit or the listener's read.
    private static TaskCompletionSource NewPulse() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// One loop's view of the signal. It remembers the pulses it has answered; a pulse after that — even one that came
    /// while the loop was busy and nobody waited — makes the next <see cref="WaitAsync"/> return at once.
    /// </summary>
    public sealed class Waiter
    {
        private readonly WorkSignal signal;
        private long seen;

        internal Waiter(WorkSignal signal, long seen)
        {
            this.signal = signal;
            this.seen = seen;
        }

        /// <summary>
        /// Waits for a pulse not yet answered, or <paramref name="timeout"/> (the safety-net round). Counts every pulse
        /// until now as answered: the round that follows reads the database after this, so it sees what they announced.
        /// </summary>
        /// <returns>Whether a pulse ended the wait (false: the timeout did).</returns>
        public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            Task pulsed;
            lock (signal.gate)
            {
                if (signal.pulses != seen)
                {
                    seen = signal.pulses;
                    return true;
                }

                pulsed = signal.next.Task;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, time, stop.Token);
            var first = await Task.WhenAny(pulsed, delay);
            // Ends the timer when the pulse came first; a cancelled delay is observed here, not left unobserved.
            await stop.CancelAsync();
            await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            lock (signal.gate)
            {
                seen = signal.pulses;
            }

            return first == pulsed;
        }
    }
}
