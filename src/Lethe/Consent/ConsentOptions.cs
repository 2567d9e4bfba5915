namespace Lethe.Consent;

/// <summary>How long consents last (<c>Lethe:Consent</c>), checked when Lethe starts.</summary>
public sealed class ConsentOptions : Common.IOptionsProblems
{
    public const string Section = "Lethe:Consent";

    /// <summary>An anonymous browser's consent lapses after this and the banner asks again (12 months is the common guidance).</summary>
    public TimeSpan BrowserLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How many subjects' newest choices each server keeps in memory for the state read (PostgreSQL only; see
    /// <see cref="ConsentStateCache"/>); 0 turns the cache off and every state read asks the database.
    /// </summary>
    public int StateCacheEntries { get; set; } = 100_000;

    public IEnumerable<string> Problems()
    {
        if (StateCacheEntries < 0)
        {
            yield return $"{Section}:StateCacheEntries must be 0 (off) or more, not {StateCacheEntries}.";
        }

        if (BrowserLifetime < TimeSpan.FromDays(1))
        {
            yield return $"{Section}:BrowserLifetime must be at least a day (e.g. 365.00:00:00 for a year), not {BrowserLifetime}.";
        }
    }
}
