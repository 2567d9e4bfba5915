namespace Lethe.Scanning;

/// <summary>
/// Payment card numbers: 13–19 digits, unbroken or in groups split by spaces or dashes ("4571 1234 5678 9012",
/// "3782-822463-10005"), passing Luhn and starting in a range some scheme issues at that length. Luhn catches every
/// changed digit, and together with the issuer ranges it leaves little doubt, so a card found without a naming word is
/// <see cref="Confidence.High"/>; with "kort", "card", "visa" … before it, <see cref="Confidence.Certain"/>.
/// </summary>
/// <remarks>
/// A hand-written scan rather than a regex: a card is often followed by more numbers in the same style ("4571 1234
/// 5678 9012 12 26"), so the digit groups are read as a chain and the card is looked for among its leading groups.
/// </remarks>
public sealed class PaymentCardDetector : INumberDetector
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;
    private const int MaxGroups = 24;

    private static readonly ContextWords Naming = new(
        "kort*", "card*", "visa*", "mastercard", "dankort", "amex", "american express", "maestro", "discover", "jcb",
        "diners", "betalingskort*", "kreditkort*", "debetkort*", "credit*", "debit*", "pan");

    public DetectorKind Kind => DetectorKind.PaymentCard;

    int INumberDetector.MinDigits => MinDigits;

    public void Find(string text, ICollection<Detection> found)
    {
        if (DigitText.HasAtLeast(text, MinDigits))
        {
            FindNumbers(text, 0, text.Length, found);
        }
    }

    public void FindNumbers(string text, int start, int end, ICollection<Detection> found)
    {
        Span<int> starts = stackalloc int[MaxGroups];
        Span<int> ends = stackalloc int[MaxGroups];
        Span<int> digits = stackalloc int[MaxDigits];
        var at = start;
        while (at < end)
        {
            var next = text.AsSpan(at, end - at).IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                return;
            }

            var chainStart = at + next;
            var groups = ReadChain(text, chainStart, starts, ends);
            var chainEnd = ends[groups - 1];
            at = chainEnd;
            // "<" and "+" join the parts of a Danish payment slip line ("+71<…+…<"), whose payment id carries a Luhn digit.
            if (!DigitText.StandsAlone(text, chainStart, chainEnd, "./,<+"))
            {
                continue;
            }

            FindInChain(text, groups, starts, ends, digits, found);
        }
    }

    /// <summary>Reads digit groups joined by one space or one dash, the same joiner throughout; returns how many.</summary>
    private static int ReadChain(string text, int start, Span<int> starts, Span<int> ends)
    {
        var groups = 0;
        var at = start;
        var joiner = '\0';
        while (true)
        {
            starts[groups] = at;
            while (at < text.Length && DigitText.IsDigit(text[at]))
            {
                at++;
            }

            ends[groups++] = at;
            if (groups == starts.Length || at + 1 >= text.Length || !DigitText.IsDigit(text[at + 1]))
            {
                return groups;
            }

            var c = text[at];
            if (c is not (' ' or '-') || (joiner != '\0' && c != joiner))
            {
                return groups;
            }

            joiner = c;
            at++;
        }
    }

    /// <summary>The card among the chain's groups: from each group, the longest run of whole groups that is one.</summary>
    private void FindInChain(string text, int groups, Span<int> starts, Span<int> ends, Span<int> digits, ICollection<Detection> found)
    {
        var first = 0;
        while (first < groups)
        {
            var matched = false;
            for (var last = groups - 1; last >= first; last--)
            {
                var count = ends[last] - starts[first] - (last - first);
                if (count is < MinDigits or > MaxDigits || !GroupedLikeACard(starts, ends, first, last))
                {
                    continue;
                }

                var n = DigitText.Collect(text.AsSpan(starts[first], ends[last] - starts[first]), digits);
                var number = digits[..n];
                if (!CardIssuers.PassesLuhn(number) || !CardIssuers.Issues(number))
                {
                    continue;
                }

                var confidence = Naming.Precede(text, starts[first]) ? Confidence.Certain
                    : ContextWords.OtherNumbers.Precede(text, starts[first]) ? Confidence.Low
                    : Confidence.High;
                found.Add(new Detection(Kind, starts[first], ends[last] - starts[first], confidence));
                first = last + 1;
                matched = true;
                break;
            }

            if (!matched)
            {
                first++;
            }
        }
    }

    // Cards are printed in groups of four (Amex 4-6-5, Diners 4-6-4, long Maestro 4-4-4-4-3 or 6-13): a first group of
    // four to six and middle groups of three to six; a string of two-digit groups is a phone number or a date.
    private static bool GroupedLikeACard(Span<int> starts, Span<int> ends, int first, int last)
    {
        if (first == last)
        {
            return true;
        }

        for (var g = first; g <= last; g++)
        {
            var length = ends[g] - starts[g];
            var fits = g == first ? length is >= 4 and <= 6 : g == last ? length is >= 1 and <= 13 : length is >= 3 and <= 6;
            if (!fits)
            {
                return false;
            }
        }

        return true;
    }
}
