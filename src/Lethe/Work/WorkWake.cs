namespace Lethe.Work;

/// <summary>How work that became due is started besides the timed round (<c>Lethe:Worker:Wake</c>).</summary>
public enum WorkWake
{
    /// <summary>At once: in this process, and on PostgreSQL in every server sharing the database (<c>LISTEN/NOTIFY</c>).</summary>
    Notify,

    /// <summary>
    /// At once in this process only; other servers find the work at their timed round. For a connection pooler that does
    /// not pass <c>LISTEN</c> through (PgBouncer in transaction mode).
    /// </summary>
    Local,

    /// <summary>Only at the timed round, as Lethe worked before it had the signal: to compare with, or to rule it out.</summary>
    Timer,
}
