using Lethe.Requests;
using Lethe.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lethe.Work;

/// <summary>
/// Hears on PostgreSQL what other servers made due (<c>LISTEN lethe_work</c>) and pulses this process's
/// <see cref="WorkSignal"/> for each notification. It holds one connection of its own, outside the pool; when that
/// drops it reconnects with backoff, and pulses once it listens again, since what was sent meanwhile was not heard. Its
/// <see cref="State"/> is shown in <c>/health/work</c>. On SQLite there is one process and nothing to hear.
/// </summary>
public sealed class WorkListener(StorageSettings storage, WorkSignal signal, IOptions<WorkerOptions> options, TimeProvider time, ILogger<WorkListener> logger)
{
    /// <summary>How long the connection may be quiet before a query checks that it still answers.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts to reconnect.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private volatile ListenerState state = new(ListenerStatus.Off, time.GetUtcNow(), "not started");

    public ListenerState State => state;

    /// <summary>Listens until <paramref name="cancellationToken"/> ends, reconnecting as often as it takes.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Off() is { } reason)
        {
            state = new ListenerState(ListenerStatus.Off, time.GetUtcNow(), reason);
            return;
        }

        state = new ListenerState(ListenerStatus.Connecting, time.GetUtcNow());
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Shown in /health/work while it lasts, and the work is not lost meanwhile: the timed round finds it.
                failures++;
                var since = state.Status is ListenerStatus.Reconnecting or ListenerStatus.Connecting ? state.Since : time.GetUtcNow();
                state = new ListenerState(ListenerStatus.Reconnecting, since, e.GetType().Name, failures);
                var wait = TimeSpan.FromSeconds(Math.Min(LongestWait.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 10))));
                logger.LogWarning(e, "Not listening for work other servers make due ({Failures} failure(s) in a row); trying again in {Seconds} s.", failures, wait.TotalSeconds);
                try
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private string? Off() =>
        storage.Provider != DatabaseProvider.Postgres ? "SQLite: one process does the work"
        : options.Value.Interval is null ? "the worker is off (Lethe:Worker:IntervalSeconds is 0)"
        : options.Value.Wake != WorkWake.Notify ? $"Lethe:Worker:Wake is {options.Value.Wake}"
        : null;

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresDefaults.Apply(storage.ConnectionString)) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        connection.Notification += (_, e) =>
        {
            // This process pulsed for its own changes when they were committed.
            if (e.Payload != signal.Origin)
            {
                signal.Pulse();
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {WorkSignal.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        var wasReconnecting = state.Status == ListenerStatus.Reconnecting;
        state = new ListenerState(ListenerStatus.Listening, time.GetUtcNow(), Backend: connection.ProcessID);
        if (wasReconnecting)
        {
            logger.LogInformation("Listening for work other servers make due again.");
        }

        // Whatever was notified while the connection was down is looked for once. Before the first connection there
        // is nothing to catch up on here: the first timed round, after the server's start, looks for all of it.
        if (wasReconnecting)
        {
            signal.Pulse();
        }

        while (true)
        {
            if (!await connection.WaitAsync(Quiet, cancellationToken))
            {
                // A connection whose network path died says nothing; a query finds out.
                await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 10 };
                await ping.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}

/// <summary>Whether <see cref="WorkListener"/> hears other servers now.</summary>
public enum ListenerStatus
{
    /// <summary>Not needed or turned off; <see cref="ListenerState.Detail"/> says why.</summary>
    Off,
    Connecting,
    Listening,

    /// <summary>The connection failed or dropped; <see cref="ListenerState.Since"/> is when it was last heard.</summary>
    Reconnecting,
}

/// <param name="Since">When the listener came into this status.</param>
/// <param name="Detail">Why it is off, or the kind of the last error while reconnecting.</param>
/// <param name="Failures">Failed attempts in a row, while reconnecting.</param>
/// <param name="Backend">The PostgreSQL backend's process id while listening (<c>pg_stat_activity.pid</c>).</param>
public sealed record ListenerState(ListenerStatus Status, DateTimeOffset Since, string? Detail = null, int Failures = 0, int? Backend = null);
