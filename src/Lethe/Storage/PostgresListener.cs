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
    /// The connection answered (a notification or a check's query): every notification committed before has been
    /// heard, since PostgreSQL sends them on the connection ahead of anything later.
    /// </summary>
    void Answered();

    /// <summary>The connection failed or dropped, or listening stopped: notifications are not heard until <see cref="Listening"/>.</summary>
    void Lost();
}

/// <summary>
/// Listens on one PostgreSQL channel (<c>LISTEN</c>) on a connection of its own, outside the pool. When the connection
/// is quiet for a while a query checks it still answers; when it drops, it reconnects with backoff as often as it
/// takes. Its <see cref="State"/> is for health checks.
/// </summary>
/// <param name="heard">What is heard, for the log: "work other servers make due".</param>
public sealed class PostgresListener(StorageSettings storage, string channel, string heard, TimeProvider time, ILogger logger)
{
    /// <summary>The longest wait between attempts to reconnect.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private volatile ListenerState state = new(ListenerStatus.Off, time.GetUtcNow(), "not started");

    public ListenerState State => state;

    /// <summary>Listens until <paramref name="cancellationToken"/> ends, checking a connection quiet for <paramref name="quiet"/>.</summary>
    public async Task RunAsync(IListenerEvents events, TimeSpan quiet, CancellationToken cancellationToken)
    {
        state = new ListenerState(ListenerStatus.Connecting, time.GetUtcNow());
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await ListenAsync(events, quiet, cancellationToken);
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

    private async Task ListenAsync(IListenerEvents events, TimeSpan quiet, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresDefaults.Apply(storage.ConnectionString)) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        connection.Notification += (_, e) => events.Notified(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        var again = state.Status == ListenerStatus.Reconnecting;
        state = new ListenerState(ListenerStatus.Listening, time.GetUtcNow(), Backend: connection.ProcessID);
        events.Listening(again);
        if (again)
        {
            logger.LogInformation("Listening for {Heard} again.", heard);
        }

        var timeout = (int)Math.Max(1, Math.Ceiling(quiet.TotalSeconds * 2));
        while (true)
        {
            if (!await connection.WaitAsync(quiet, cancellationToken))
            {
                // A connection whose network path died says nothing; a query finds out.
                await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = Math.Min(timeout, 10) };
                await ping.ExecuteNonQueryAsync(cancellationToken);
            }

            events.Answered();
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
public sealed record ListenerState(ListenerStatus Status, DateTimeOffset Since, string? Detail = null, int Failures = 0, int? Backend = null);
