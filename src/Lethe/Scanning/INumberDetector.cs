namespace Lethe.Scanning;

/// <summary>
/// A detector whose matches are numbers: digits with the punctuation people write between them, nothing else. Such a
/// detector finds the same matches when it is pointed at each run of digits in turn as over the whole text, which is
/// what lets <see cref="Detectors"/> search only those runs instead of running every detector over every character.
/// </summary>
public interface INumberDetector : IDetector
{
    /// <summary>The fewest digits a match holds; a run with fewer is not shown to the detector.</summary>
    int MinDigits { get; }

    /// <summary>
    /// The matches made of digits and number punctuation that start in [<paramref name="start"/>, <paramref name="end"/>):
    /// a run of digits with the punctuation between them, given whole. The text around it is read for naming words and
    /// for whether the number stands alone, exactly as <see cref="IDetector.Find"/> would.
    /// </summary>
    void FindNumbers(string text, int start, int end, ICollection<Detection> found);

    /// <summary>The matches that need the whole text (IPv6 writes letters between its digits); none for most.</summary>
    void FindRest(string text, ICollection<Detection> found)
    {
    }
}
