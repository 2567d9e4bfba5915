using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Lethe.Consent;

/// <summary>
/// The newest logged choices per subject, kept in memory so that the state read — every page view of every site with
/// the banner — needs no database round trip when the subject was read before. An entry is only as good as the news
/// of changes: on PostgreSQL a trigger on the log notifies every server of each subject whose events were inserted,
/// changed or deleted, by whatever path (<see cref="ConsentChanges"/>), and this process forgets its own recordings at
/// once. So the cache is used only while that news is known to arrive: while the listener's own ping, sent on the
/// channel every second, has come back within <see cref="Trust"/> of being sent. When it drops, everything is forgotten and every read asks the database until it
/// listens again. On SQLite, and in processes that do not listen (the CLI), it is never used.
/// </summary>
/// <remarks>
/// A read that missed takes a <see cref="Ticket"/> before asking the database and may keep its answer only if no
/// change to that subject (or to everything) was heard meanwhile; the check is made again after the answer is stored,
/// so a change heard in between removes it. Anything uncertain is forgotten, never kept: forgetting costs one query.
/// </remarks>
public sealed class ConsentStateCache : IDisposable
{
    /// <summary>How long after the last moment up to which every change is known to have been heard the entries answer.</summary>
    public static readonly TimeSpan Trust = TimeSpan.FromSeconds(3);

    private const int Stripes = 1024;

    private const long NeverAnswered = long.MinValue;

    private readonly TimeProvider time;
    private readonly MemoryCache? entries;
    private readonly long[] changes = new long[Stripes];
    private long everything;
    private long answeredAt = NeverAnswered;
    private long hits;

    public ConsentStateCache(IOptions<ConsentOptions> options, TimeProvider time)
    {
        this.time = time;
        if (options.Value.StateCacheEntries > 0)
        {
            entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.StateCacheEntries });
        }
    }

    /// <summary>Whether the cache may be used at all (<c>Lethe:Consent:StateCacheEntries</c> above 0).</summary>
    public bool Enabled => entries is not null;

    /// <summary>State reads answered from memory since the start.</summary>
    public long Hits => Volatile.Read(ref hits);

    /// <summary>Whether news of changes is arriving now, so that entries may answer.</summary>
    public bool Trusted
    {
        get
        {
            var at = Volatile.Read(ref answeredAt);
            return at != NeverAnswered && time.GetElapsedTime(at) <= Trust;
        }
    }

    internal bool TryGet(Guid tenant, string subject, Guid revision, [NotNullWhen(true)] out IReadOnlyDictionary<string, LoggedChoice>? decided)
    {
        if (entries is not null && Trusted && entries.TryGetValue(new SubjectKey(tenant, subject), out Choices? known) && known!.Revision == revision)
        {
            decided = known.Decided;
            Interlocked.Increment(ref hits);
            return true;
        }

        decided = null;
        return false;
    }

    /// <summary>Taken before the database is asked: what had been heard of the subject then.</summary>
    internal Ticket Begin(Guid tenant, string subject)
    {
        var key = new SubjectKey(tenant, subject);
        return new Ticket(key, Volatile.Read(ref changes[StripeOf(key)]), Volatile.Read(ref everything));
    }

    /// <summary>Keeps what the database answered after <paramref name="ticket"/>, unless a change was heard since.</summary>
    internal void Keep(Ticket ticket, Guid revision, IReadOnlyDictionary<string, LoggedChoice> decided)
    {
        if (entries is null || !Trusted || Changed(ticket))
        {
            return;
        }

        entries.Set(ticket.Key, new Choices(revision, decided), new MemoryCacheEntryOptions { Size = 1 });
        // The store above must be visible before the check below reads (Forget increments, then removes): without a full
        // fence the check may be served before the store, and a change heard in between would leave the entry behind.
        Interlocked.MemoryBarrier();
        if (Changed(ticket))
        {
            entries.Remove(ticket.Key);
        }
    }

    /// <summary>The subject's events changed (recorded here, or heard of).</summary>
    public void Forget(Guid tenant, string subject)
    {
        var key = new SubjectKey(tenant, subject);
        Interlocked.Increment(ref changes[StripeOf(key)]);
        entries?.Remove(key);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref everything);
        entries?.Clear();
    }

    /// <summary>
    /// A notification from the log's trigger: <c>*</c> (the log was emptied), <c>{tenant} *</c> (too many subjects to
    /// name) or <c>{tenant} {subject} {subject} …</c>. Anything else is read as a change to everything.
    /// </summary>
    public void Heard(string payload)
    {
        var parts = payload.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !Guid.TryParse(parts[0], out var tenant) || parts.Contains("*"))
        {
            ForgetAll();
            return;
        }

        foreach (var subject in parts.AsSpan(1))
        {
            Forget(tenant, subject);
        }
    }

    /// <summary>
    /// Listening (again): what was committed while not listening is unknown, so nothing known is kept; entries answer
    /// once the listener's first ping has come back (<see cref="HeardAllBefore"/>).
    /// </summary>
    public void Listening() => ForgetAll();

    /// <summary>Every change committed before <paramref name="since"/> (a <see cref="TimeProvider"/> timestamp) has been heard.</summary>
    public void HeardAllBefore(long since)
    {
        var known = Volatile.Read(ref answeredAt);
        while (since > known && Interlocked.CompareExchange(ref answeredAt, since, known) is var seen && seen != known)
        {
            known = seen;
        }
    }

    /// <summary>Not listening: no entry answers until <see cref="Listening"/>.</summary>
    public void Lost()
    {
        Volatile.Write(ref answeredAt, NeverAnswered);
        ForgetAll();
    }

    public void Dispose() => entries?.Dispose();

    private bool Changed(Ticket ticket) =>
        Volatile.Read(ref changes[StripeOf(ticket.Key)]) != ticket.Changes || Volatile.Read(ref everything) != ticket.Everything;

    private static int StripeOf(SubjectKey key) => (key.GetHashCode() & int.MaxValue) % Stripes;

    internal readonly record struct SubjectKey(Guid Tenant, string Subject);

    internal readonly record struct Ticket(SubjectKey Key, long Changes, long Everything);

    private sealed record Choices(Guid Revision, IReadOnlyDictionary<string, LoggedChoice> Decided);
}
