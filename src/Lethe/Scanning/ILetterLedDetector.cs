namespace Lethe.Scanning;

/// <summary>
/// A detector whose matches start with capital letters written right before a run of digits: an IBAN's country code
/// and check digits ("DK50 0040 …"). Every such match starts where a run of digits does, so <see cref="Detectors"/>,
/// which finds those runs once for the number detectors anyway, shows it each run's first digit instead of letting it
/// search the whole text; the matches are the same (a property test holds it to that).
/// </summary>
public interface ILetterLedDetector : IDetector
{
    /// <summary>
    /// The match, if any, whose letters end right before the digit at <paramref name="digit"/>, the first of a run; the
    /// text around it is read exactly as <see cref="IDetector.Find"/> would.
    /// </summary>
    void FindBefore(string text, int digit, ICollection<Detection> found);
}
