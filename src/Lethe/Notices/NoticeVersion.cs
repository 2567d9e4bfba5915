namespace Lethe.Notices;

/// <summary>A published privacy notice: immutable, numbered per tenant, in every language the data map has texts for.</summary>
public sealed class NoticeVersion : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>1, 2, 3, … per tenant; the highest is the notice in force.</summary>
    public int Number { get; init; }

    /// <summary>The data map revision the notice was rendered from.</summary>
    public int DataMapRevision { get; init; }

    /// <summary>JSON object of language → Markdown.</summary>
    public required string ContentJson { get; init; }

    /// <summary>JSON array of <see cref="NoticeFacts"/> lines at publication.</summary>
    public required string FactsJson { get; init; }

    public DateTime PublishedAt { get; init; }

    /// <summary>
    /// True when this version is no material change for consent: the consent purposes' texts and recipients are those
    /// of the previous version and the publisher did not ask for consent again. Stored this way round so that versions
    /// published before the mark existed (false) keep asking again, as they did.
    /// </summary>
    public bool KeepsConsent { get; init; }

    /// <summary>Whether people who consented under an earlier version are asked again.</summary>
    public bool AsksConsentAgain => !KeepsConsent;

    /// <summary>SHA-256 (hex) of the consent purposes as this version states them (<see cref="ConsentTexts"/>).</summary>
    public string? ConsentTexts { get; init; }

    public string? PublishedBy { get; init; }
}
