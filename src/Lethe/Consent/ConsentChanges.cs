using Lethe.Storage;
using Microsoft.Extensions.Logging;

namespace Lethe.Consent;

/// <summary>
/// Hears on PostgreSQL which subjects' consent events changed (<c>LISTEN lethe_consent</c>, sent by the log's trigger
/// on every insert, update, delete and truncate, whichever server or statement made it) and tells this server's
/// <see cref="ConsentStateCache"/>. The connection is checked every second when quiet, so the cache stops answering
/// within <see cref="ConsentStateCache.Trust"/> of the news ceasing to arrive.
/// </summary>
public sealed class ConsentChanges(StorageSettings storage, ConsentStateCache cache, TimeProvider time, ILogger<ConsentChanges> logger) : IListenerEvents
{
    /// <summary>The channel the trigger notifies on (migration <c>ConsentChangeNotices</c>).</summary>
    public const string Channel = "lethe_consent";

    /// <summary>Subjects named in one notification at most: well inside PostgreSQL's 8,000 bytes with a tenant id.</summary>
    public const int SubjectsPerNotification = 90;

    /// <summary>The notifications that name <paramref name="subjects"/> of <paramref name="tenant"/>, as the log's trigger words them.</summary>
    public static IEnumerable<string> Payloads(Guid tenant, IEnumerable<string> subjects) =>
        subjects.Distinct(StringComparer.Ordinal).Chunk(SubjectsPerNotification).Select(chunk => $"{tenant} {string.Join(' ', chunk)}");

    /// <summary>How long the connection may be quiet before a query checks that it still answers.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly PostgresListener listener = new(storage, Channel, "changes to consent events", time, logger);
    private volatile ListenerState? off;

    public ListenerState State => off ?? listener.State;

    /// <summary>Listens until <paramref name="cancellationToken"/> ends, reconnecting as often as it takes.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (storage.Provider != DatabaseProvider.Postgres || !cache.Enabled)
        {
            off = new ListenerState(ListenerStatus.Off, time.GetUtcNow(),
                cache.Enabled ? "SQLite: every state read asks the database" : "the state cache is off (Lethe:Consent:StateCacheEntries is 0)");
            return Task.CompletedTask;
        }

        return listener.RunAsync(this, Quiet, cancellationToken);
    }

    void IListenerEvents.Listening(bool again) => cache.Listening();

    void IListenerEvents.Notified(string payload) => cache.Heard(payload);

    void IListenerEvents.Answered() => cache.Answered();

    void IListenerEvents.Lost() => cache.Lost();
}
