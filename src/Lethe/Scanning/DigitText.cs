namespace Lethe.Scanning;

/// <summary>
/// Character tests the number detectors share: whether a text has enough digits to be worth a regex, and whether a
/// candidate is glued to more of a longer token ("A070761-4285", "12.0707614285") and so is not a number of its own.
/// </summary>
internal static class DigitText
{
    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    public static int Value(char c) => c - '0';

    /// <summary>
    /// True when <paramref name="text"/> holds at least <paramref name="count"/> ASCII digits. Jumps between digits with
    /// the vectorised search, so a text without digits (most of what a scan reads) costs almost nothing.
    /// </summary>
    public static bool HasAtLeast(string text, int count)
    {
        var span = text.AsSpan();
        var seen = 0;
        var at = span.IndexOfAnyInRange('0', '9');
        while (at >= 0)
        {
            if (++seen >= count)
            {
                return true;
            }

            span = span[(at + 1)..];
            at = span.IndexOfAnyInRange('0', '9');
        }

        return false;
    }

    /// <summary>
    /// The text up to <paramref name="end"/> and the one character after it: all a regex needs to find the matches
    /// that end by <paramref name="end"/> (its look-behind reads back into the text, its look-ahead one character on).
    /// Handing it the whole text would have it search on to the end for matches that are then thrown away, once for
    /// every run of digits.
    /// </summary>
    public static ReadOnlySpan<char> Through(string text, int end) => text.AsSpan(0, Math.Min(end + 1, text.Length));

    /// <summary>
    /// True when the span [start, end) stands alone: no letter, digit or underscore touches it, and no punctuation
    /// joins it to another number on either side ("2024-0707614285", "0707614285.50", "1.2.3.4.5").
    /// </summary>
    public static bool StandsAlone(string text, int start, int end, string joiners = "-./,:")
    {
        if (start > 0)
        {
            var before = text[start - 1];
            if (char.IsLetterOrDigit(before) || before == '_')
            {
                return false;
            }

            if (joiners.Contains(before) && start > 1 && IsDigit(text[start - 2]))
            {
                return false;
            }
        }

        if (end < text.Length)
        {
            var after = text[end];
            if (char.IsLetterOrDigit(after) || after == '_')
            {
                return false;
            }

            if (joiners.Contains(after) && end + 1 < text.Length && IsDigit(text[end + 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The digits of a span with separators left out, into <paramref name="into"/>; returns how many.</summary>
    public static int Collect(ReadOnlySpan<char> span, Span<int> into)
    {
        var n = 0;
        foreach (var c in span)
        {
            if (IsDigit(c))
            {
                if (n == into.Length)
                {
                    return -1;
                }

                into[n++] = Value(c);
            }
        }

        return n;
    }
}
