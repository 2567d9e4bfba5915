namespace Lethe.Consent;

/// <summary>How long consents last (<c>Lethe:Consent</c>).</summary>
public sealed class ConsentOptions
{
    public const string Section = "Lethe:Consent";

    /// <summary>An anonymous browser's consent lapses after this and the banner asks again (12 months is the common guidance).</summary>
    public TimeSpan BrowserLifetime { get; set; } = TimeSpan.FromDays(365);
}
