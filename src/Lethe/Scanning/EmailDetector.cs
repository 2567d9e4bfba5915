using System.Text.RegularExpressions;

namespace Lethe.Scanning;

/// <summary>E-mail addresses: a local part, an @ and a domain with a dot; the shape is all there is to check.</summary>
public sealed partial class EmailDetector : IDetector
{
    public DetectorKind Kind => DetectorKind.Email;

    public void Find(string text, ICollection<Detection> found)
    {
        // A cheap test first: almost every value a scan reads has no @, and the regex need not run over it.
        if (!text.Contains('@', StringComparison.Ordinal))
        {
            return;
        }

        foreach (var match in Address().EnumerateMatches(text))
        {
            found.Add(new Detection(Kind, match.Index, match.Length, Confidence.High));
        }
    }

    [GeneratedRegex(@"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
