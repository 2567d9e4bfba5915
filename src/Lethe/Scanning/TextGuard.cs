using Lethe.Localization;

namespace Lethe.Scanning;

/// <summary>
/// What Lethe refuses to keep in the free text it is sent — a person's message or correction, an agent's notes: card
/// numbers (never stored, PCI DSS) and national identity numbers (a CPR may be kept only on a DBL § 11 basis, and a
/// free-text note is none). Refused rather than masked, so the person sees why and what they typed stays theirs to fix.
/// </summary>
public static class TextGuard
{
    /// <summary>As sure as a detector must be for a refusal: the checks pass and nothing says the number is something else.</summary>
    public const Confidence RefuseAt = Confidence.High;

    private static readonly Detectors Refused = new([new PaymentCardDetector(), new CprDetector(), new FodselsnummerDetector()]);

    /// <summary>
    /// The English refusal (an <c>error.guard.*</c> text, which the privacy centre says in the person's language) when
    /// <paramref name="text"/> holds a card or national identity number; null when it may be kept. Never the number.
    /// </summary>
    /// <param name="nationalIdAllowed">A national identity number is what the text is about (a correction of one).</param>
    public static string? Refusal(string? text, bool nationalIdAllowed = false, string language = "en")
    {
        var kinds = Refused.Find(text, RefuseAt).Select(d => d.Kind).ToHashSet();
        return kinds.Contains(DetectorKind.PaymentCard) ? Texts.Get("error.guard.card", language)
            : !nationalIdAllowed && (kinds.Contains(DetectorKind.Cpr) || kinds.Contains(DetectorKind.Fodselsnummer)) ? Texts.Get("error.guard.national_id", language)
            : null;
    }
}
