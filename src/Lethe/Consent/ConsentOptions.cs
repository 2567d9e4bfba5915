namespace Lethe.Consent;

/// <summary>How long consents last (<c>Lethe:Consent</c>), checked when Lethe starts.</summary>
public sealed class ConsentOptions : Common.IOptionsProblems
{
    public const string Section = "Lethe:Consent";

    /// <summary>An anonymous browser's consent lapses after this and the banner asks again (12 months is the common guidance).</summary>
    public TimeSpan BrowserLifetime { get; set; } = TimeSpan.FromDays(365);

    public IEnumerable<string> Problems()
    {
        if (BrowserLifetime < TimeSpan.FromDays(1))
        {
            yield return $"{Section}:BrowserLifetime must be at least a day (e.g. 365.00:00:00 for a year), not {BrowserLifetime}.";
        }
    }
}
