namespace Lethe.Scanning;

/// <summary>Every detector Lethe has, run over one text: what the scanner and the input guards call.</summary>
public sealed class Detectors(IEnumerable<IDetector> detectors)
{
    private readonly IDetector[] all = detectors.ToArray();

    /// <summary>All the detectors, each once.</summary>
    public static Detectors Default { get; } = new([new EmailDetector()]);

    public IReadOnlyList<DetectorKind> Kinds => all.Select(d => d.Kind).ToList();

    /// <summary>The matches in <paramref name="text"/>, in the order they appear.</summary>
    public IReadOnlyList<Detection> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var found = new List<Detection>();
        foreach (var detector in all)
        {
            detector.Find(text, found);
        }

        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        return found;
    }
}
