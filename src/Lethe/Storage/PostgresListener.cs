using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lethe.Storage;

/// <summary>What a <see cref="PostgresListener"/> tells the one it listens for.</summary>
public interface IListenerEvents
{
    /// <summary>The channel is listened on; <paramref name="again"/> after a drop, when what was sent meanwhile was not heard.</summary>
    void Listening(bool again);

    void Notified(string payload);

    /// <summary>
    /// Every notification committed before <paramref name="since"/> (a <see cref="TimeProvider"/> timestamp) has been
    /// heard: the listener's own ping, sent then on the channel, came back, and PostgreSQL delivers a channel's
    /// notifications in the order they were committed.
    /// </summary>
    void HeardAllBefore(long since);

    /// <summary>The connection failed or dropped, or listening stopped: notifications are not heard until <see cref="Listening"/>.</summary>
    void Lost();
}

/// <summary>
/// Listens on one PostgreSQL channel (<c>LISTEN</c>) on a connection of its own, outside the pool. Every
/// <c>interval</c>, whatever else arrives, it sends a ping on the channel and waits for it to come back as a
/// notification: that proves the whole path — a live connection, a session that still listens (a pooler in
/// transaction mode would lose it), and everything committed before the ping heard. A connection that fails is
/// reconnected with backoff as often as it takes. Its <see cref="State"/> is for health checks.
/// </summary>
/// <param name="heard">What is heard, for the log: "work other servers make due".</param>
public sealed class PostgresListener(StorageSettings storage, string channel, string heard, TimeProvider time, ILogger logger)
{
    /// <summary>The longest wait between attempts to reconnect.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    /// <summary>What every ping's payload starts with; the rest names the process and the ping. Never passed on.</summary>
    public const string PingPrefix = "lethe-ping:";

    // Npgsql waits in whole milliseconds, and a wait of 0 is a wait without end: never ask for less than one.
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(1);

    private readonly string pingOf = $"{PingPrefix}{Guid.NewGuid():N}:";
    private volatile ListenerState state = new(ListenerStatus.Off, time.GetUtcNow(), "not started");

    public ListenerState State => state;

    /// <summary>Listens until <paramref name="cancellationToken"/> ends, sending a ping on the channel every <paramref name="interval"/>.</summary>
    public async Task RunAsync(IListenerEvents events, TimeSpan interval, CancellationToken cancellationToken)
    {
        state = new ListenerState(ListenerStatus.Connecting, time.GetUtcNow());
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await ListenAsync(events, interval, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    events.Lost();
                    failures++;
                    var since = state.Status is ListenerStatus.Reconnecting or ListenerStatus.Connecting ? state.Since : time.GetUtcNow();
                    state = new ListenerState(ListenerStatus.Reconnecting, since, e.GetType().Name, failures);
                    var wait = TimeSpan.FromSeconds(Math.Min(LongestWait.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 10))));
                    logger.LogWarning(e, "Not listening for {Heard} ({Failures} failure(s) in a row); trying again in {Seconds} s.", heard, failures, wait.TotalSeconds);
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
        finally
        {
            events.Lost();
        }
    }

    /// <summary>How long to wait for notifications before the next ping, or null when it is due now.</summary>
    internal static TimeSpan? WaitBeforePing(TimeSpan interval, TimeSpan sinceLastPing) =>
        interval - sinceLastPing is var due && due >= ShortestWait ? due : null;

    private async Task ListenAsync(IListenerEvents events, TimeSpan interval, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresDefaults.Apply(storage.ConnectionString)) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // The ping last sent, and when: an earlier one coming back late says nothing newer than the last that did.
        var (pinged, pingedAt) = (0L, 0L);
        connection.Notification += (_, e) =>
        {
            if (!e.Payload.StartsWith(PingPrefix, StringComparison.Ordinal))
            {
                events.Notified(e.Payload);
            }
            else if (e.Payload.StartsWith(pingOf, StringComparison.Ordinal) && long.TryParse(e.Payload.AsSpan(pingOf.Length), out var number)
                     && number == pinged)
            {
                // Raised inside this loop's own query or wait, so no other write to the state can interleave.
                state = state with { HeardBack = time.GetUtcNow() };
                events.HeardAllBefore(pingedAt);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        var again = state.Status == ListenerStatus.Reconnecting;
        state = new ListenerState(ListenerStatus.Listening, time.GetUtcNow(), Backend: connection.ProcessID, PingEvery: interval);
        events.Listening(again);
        if (again)
        {
            logger.LogInformation("Listening for {Heard} again.", heard);
        }

        await using var ping = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection) { CommandTimeout = 10 };
        ping.Parameters.AddWithValue("channel", channel);
        var payload = ping.Parameters.AddWithValue("payload", "");
        while (true)
        {
            // On a timer, not only when quiet: under a steady flow of notifications, each one says only that those
            // before it were sent, not that nothing committed since waits behind them. A query that fails also finds a
            // connection whose network path died silently.
            (pinged, pingedAt) = (pinged + 1, time.GetTimestamp());
            payload.Value = pingOf + pinged;
            await ping.ExecuteNonQueryAsync(cancellationToken);
            while (WaitBeforePing(interval, time.GetElapsedTime(pingedAt)) is { } due)
            {
                await connection.WaitAsync(due, cancellationToken);
            }
        }
    }
}

/// <summary>Whether a <see cref="PostgresListener"/> hears other servers now.</summary>
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
/// <param name="PingEvery">How often it sends its ping while listening.</param>
/// <param name="HeardBack">When its own ping last came back round the channel, while listening.</param>
public sealed record ListenerState(
    ListenerStatus Status, DateTimeOffset Since, string? Detail = null, int Failures = 0, int? Backend = null, TimeSpan? PingEvery = null,
    DateTimeOffset? HeardBack = null)
{
    /// <summary>How much later than two pings' interval a ping may come back before the listener counts as not hearing.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether it is listening but has not heard its own ping come back for two intervals and <see cref="Grace"/>: the
    /// session does not hear the channel (a pooler in transaction mode drops a <c>LISTEN</c>, a notification queue is
    /// backed up), so nothing other servers send arrives, although the connection itself answers.
    /// </summary>
    public bool NotHearing(DateTimeOffset now) =>
        Status == ListenerStatus.Listening && PingEvery is { } every && now - (HeardBack ?? Since) > every * 2 + Grace;
}
