namespace Lethe.Scanning;

/// <summary>Every detector Lethe has, run over one text: what the scanner and the input guards call.</summary>
public sealed class Detectors(IEnumerable<IDetector> detectors)
{
    private readonly IDetector[] all = detectors.ToArray();

    /// <summary>All the detectors, each once.</summary>
    public static Detectors Default { get; } = new(
    [
        new CprDetector(), new FodselsnummerDetector(), new PaymentCardDetector(), new IbanDetector(), new EmailDetector(),
        new PhoneDetector(), new IpAddressDetector(),
    ]);

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

    /// <summary>The matches in <paramref name="text"/> at least as sure as <paramref name="atLeast"/>, in the order they appear.</summary>
    public IReadOnlyList<Detection> Find(string? text, Confidence atLeast) =>
        Find(text).Where(d => d.Confidence >= atLeast).ToList();
}
