namespace Lethe.Scanning;

/// <summary>
/// A rule that recognises one kind of personal data in free text. Pure and thread-safe: a scan shares one instance
/// across every table it reads in parallel.
/// </summary>
public interface IDetector
{
    DetectorKind Kind { get; }

    /// <summary>Adds every match in <paramref name="text"/> to <paramref name="found"/>; adds nothing when there is none.</summary>
    void Find(string text, ICollection<Detection> found);
}
