using Lethe.Storage;
using Microsoft.Extensions.Logging;

namespace Lethe.Consent;

/// <summary>
/// Hears on PostgreSQL which subjects' consent events changed (<c>LISTEN lethe_consent</c>, sent by the log's trigger
/// on every insert, update, delete and truncate, whichever server or statement made it) and tells this server's
/// <see cref="ConsentStateCache"/>. Its own ping goes round the channel every second, so the cache stops answering
/// within <see cref="ConsentStateCache.Trust"/> of the news ceasing to arrive, whatever the reason (a dead connection, a
/// backlog, a pooler that does not keep the session).
/// </summary>
public sealed class ConsentChanges(StorageSettings storage, ConsentStateCache cache, TimeProvider time, ILogger<ConsentChanges> logger)
{
    /// <summary>The channel the trigger notifies on (migration <c>ConsentChangeNotices</c>).</summary>
    public const string Channel = "lethe_consent";

    /// <summary>Subjects named in one notification at most: well inside PostgreSQL's 8,000 bytes with a tenant id.</summary>
    public const int SubjectsPerNotification = 90;

    /// <summary>How often the listener sends its ping on the channel; the cache answers while one came back within <see cref="ConsentStateCache.Trust"/>.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(1);

    private readonly PostgresListener listener = new(storage, Channel, "changes to consent events", time, logger);
    private volatile ListenerState? off;

    public ListenerState State => off ?? listener.State;

    /// <summary>The notifications that name <paramref name="subjects"/> of <paramref name="tenant"/>, as the log's trigger words them.</summary>
    public static IEnumerable<string> Payloads(Guid tenant, IEnumerable<string> subjects) =>
        subjects.Distinct(StringComparer.Ordinal).Chunk(SubjectsPerNotification).Select(chunk => $"{tenant} {string.Join(' ', chunk)}");

    /// <summary>Listens until <paramref name="cancellationToken"/> ends, reconnecting as often as it takes.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (storage.Provider != DatabaseProvider.Postgres || !cache.Enabled)
        {
            off = new ListenerState(ListenerStatus.Off, time.GetUtcNow(),
                cache.Enabled ? "SQLite: every state read asks the database" : "the state cache is off (Lethe:Consent:StateCacheEntries is 0)");
            return Task.CompletedTask;
        }

        return listener.RunAsync(new ToCache(cache), PingInterval, cancellationToken);
    }

    private sealed class ToCache(ConsentStateCache cache) : IListenerEvents
    {
        public void Listening(bool again) => cache.Listening();

        public void Notified(string payload) => cache.Heard(payload);

        public void HeardAllBefore(long since) => cache.HeardAllBefore(since);

        public void Lost() => cache.Lost();
    }
}
