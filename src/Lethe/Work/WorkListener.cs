using Lethe.Requests;
using Lethe.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lethe.Work;

/// <summary>
/// Hears on PostgreSQL what other servers made due (<c>LISTEN lethe_work</c>) and pulses this process's
/// <see cref="WorkSignal"/> for each notification. It holds one connection of its own, outside the pool; when that
/// drops it reconnects with backoff, and pulses once it listens again, since what was sent meanwhile was not heard. Its
/// <see cref="State"/> is shown in <c>/health/work</c>. On SQLite there is one process and nothing to hear.
/// </summary>
public sealed class WorkListener(StorageSettings storage, WorkSignal signal, IOptions<WorkerOptions> options, TimeProvider time, ILogger<WorkListener> logger)
{
    /// <summary>How often a ping goes round the channel, which also finds a connection whose network path died.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);

    private readonly PostgresListener listener = new(storage, WorkSignal.Channel, "work other servers make due", time, logger);
    private volatile ListenerState? off;

    public ListenerState State => off ?? listener.State;

    /// <summary>Listens until <paramref name="cancellationToken"/> ends, reconnecting as often as it takes.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (Off() is { } reason)
        {
            off = new ListenerState(ListenerStatus.Off, time.GetUtcNow(), reason);
            return Task.CompletedTask;
        }

        return listener.RunAsync(new ToSignal(signal), Quiet, cancellationToken);
    }

    private string? Off() =>
        storage.Provider != DatabaseProvider.Postgres ? "SQLite: one process does the work"
        : options.Value.Interval is null ? "the worker is off (Lethe:Worker:IntervalSeconds is 0)"
        : options.Value.Wake != WorkWake.Notify ? $"Lethe:Worker:Wake is {options.Value.Wake}"
        : null;

    private sealed class ToSignal(WorkSignal signal) : IListenerEvents
    {
        // Whatever was notified while the connection was down is looked for once. Before the first connection there
        // is nothing to catch up on here: the first timed round, after the server's start, looks for all of it.
        public void Listening(bool again)
        {
            if (again)
            {
                signal.Pulse();
            }
        }

        // This process pulsed for its own changes when they were committed.
        public void Notified(string payload)
        {
            if (payload != signal.Origin)
            {
                signal.Pulse();
            }
        }

        public void HeardAllBefore(long since)
        {
        }

        // The work is not lost meanwhile: the timed round finds it.
        public void Lost()
        {
        }
    }
}
