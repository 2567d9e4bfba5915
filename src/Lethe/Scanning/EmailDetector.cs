using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Lethe.Scanning;

/// <summary>E-mail addresses: a local part, an @ and a domain with a dot; the shape is all there is to check.</summary>
public sealed partial class EmailDetector : IDetector
{
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> FileExtensions =
        new[] { "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "css", "js", "map", "pdf", "txt", "html", "htm", "json", "xml" }
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

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
            var address = text.AsSpan(match.Index, match.Length);
            var topLevel = address[(address.LastIndexOf('.') + 1)..];
            // "logo@2x.png" is a retina image's file name, not an address: no top-level domain is a file extension.
            var confidence = FileExtensions.Contains(topLevel) ? Confidence.Low : Confidence.High;
            found.Add(new Detection(Kind, match.Index, match.Length, confidence));
        }
    }

    [GeneratedRegex(@"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
