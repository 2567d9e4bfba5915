using System.Globalization;
using System.Text;
using Lethe.Common;
using Lethe.Localization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Lethe.DataMap;

/// <summary>
/// The bounds a manifest must keep before YamlDotNet builds it into a tree: its size, how deeply its lists and mappings
/// nest, and how many values it holds once its aliases (<c>*name</c>) are expanded.
/// </summary>
/// <remarks>
/// YamlDotNet builds the tree recursively, one stack frame per level, so 50,000 nested brackets end the process with a
/// stack overflow that no <c>catch</c> can stop. Its parser's event stream is iterative (tried to 200,000 levels on a
/// 256 KiB stack), so the check reads that stream, keeping its own count, and stops at the first event past a limit:
/// nothing here recurses, and nothing deeper than the limit is ever scanned. Counting events rather than brackets in
/// the text means quoted text, comments and block scalars cannot fool it, and block nesting (<c>- - - x</c>) counts too.
/// Aliases are followed by size and depth: ten lines of anchors can otherwise stand for a billion values, and a chain
/// of them for a tree deeper than any file.
/// </remarks>
public static class ManifestLimits
{
    /// <summary>The same as the API's request body limit; the largest sample manifest is under 10 KB.</summary>
    public const int MaxBytes = 1024 * 1024;

    public const int MaxDepth = InputLimits.MaxDepth;

    /// <summary>Values (scalars, lists, mappings) with aliases expanded: more than 1 MiB of text without aliases can hold.</summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>The first limit the text breaks, as an error at the place it breaks it; null when it keeps them all.</summary>
    /// <remarks>A syntax error ends the check without a finding: reading the file again reports it with its position.</remarks>
    public static ManifestError? Check(string yaml, string file)
    {
        var bytes = Encoding.UTF8.GetByteCount(yaml);
        if (bytes > MaxBytes)
        {
            return ManifestError.Saying(file, 1, 1, "(file)",
                reader => new Said("manifest.error.too_large", [Number(bytes, reader), Invariant(MaxBytes / 1024)]).Find(reader));
        }

        try
        {
            return Scan(yaml, file);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // YamlDotNet's scanner throws InvalidOperationException on some malformed input, as ManifestReader knows.
            return null;
        }
    }

    private static ManifestError? Scan(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new Stack<Collection>();
        var anchors = new Dictionary<string, (long Nodes, int Height)>(StringComparer.Ordinal);
        var openAnchors = new HashSet<string>(StringComparer.Ordinal);
        long nodes = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            ManifestError At(Func<string, string?> say) => ManifestError.Saying(file, (int)current.Start.Line, (int)current.Start.Column, "(file)", say);

            switch (current)
            {
                case SequenceStart or MappingStart:
                    if (open.Count + 1 > MaxDepth)
                    {
                        return At(new Said("manifest.error.too_deep", [Invariant(MaxDepth)]).Find);
                    }

                    var anchor = ((NodeEvent)current).Anchor;
                    open.Push(new Collection(anchor.IsEmpty ? null : anchor.Value, nodes, open.Count + 1));
                    if (!anchor.IsEmpty)
                    {
                        openAnchors.Add(anchor.Value);
                    }

                    nodes++;
                    break;
                case SequenceEnd or MappingEnd:
                    var closed = open.Pop();
                    if (closed.Anchor is { } name)
                    {
                        openAnchors.Remove(name);
                        anchors[name] = (nodes - closed.NodesBefore, closed.Deepest - closed.Depth + 1);
                    }

                    if (open.TryPeek(out var parent))
                    {
                        parent.Deepest = Math.Max(parent.Deepest, closed.Deepest);
                    }

                    break;
                case Scalar scalar:
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = (1, 0);
                    }

                    nodes++;
                    break;
                case AnchorAlias alias:
                    if (openAnchors.Contains(alias.Value.Value))
                    {
                        return At(new Said("manifest.error.contains_itself", [alias.Value.Value]).Find);
                    }

                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        return null; // an alias of nothing: reading the file reports it
                    }

                    if (open.Count + target.Height > MaxDepth)
                    {
                        return At(new Said("manifest.error.too_deep_with_aliases", [Invariant(MaxDepth)]).Find);
                    }

                    if (open.TryPeek(out var holder))
                    {
                        holder.Deepest = Math.Max(holder.Deepest, open.Count + target.Height);
                    }

                    nodes += target.Nodes;
                    break;
            }

            if (nodes > MaxNodes)
            {
                return At(reader => new Said("manifest.error.too_many_values", [Number(MaxNodes, reader)]).Find(reader));
            }
        }

        return null;
    }

    /// <summary>A count as the reader writes it: 1,000,000 in English (as the API has always said it), 1.000.000 in Danish.</summary>
    private static string Number(long count, string language) =>
        count.ToString("N0", language is "da" or "nb" ? Requests.RequestLanguage.Culture(language) : CultureInfo.InvariantCulture);

    private static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>One list or mapping not yet closed: where its values start in the count, and the deepest level inside it.</summary>
    private sealed class Collection(string? anchor, long nodesBefore, int depth)
    {
        public string? Anchor { get; } = anchor;

        public long NodesBefore { get; } = nodesBefore;

        public int Depth { get; } = depth;

        public int Deepest { get; set; } = depth;
    }
}
