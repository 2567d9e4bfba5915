namespace Lethe.Scanning;

/// <summary>Every detector Lethe has, run over one text: what the scanner and the input guards call.</summary>
public sealed class Detectors
{
    private readonly IDetector[] all;

    // Detectors of numbers are pointed only at runs of digits long enough for them, letter-led ones at the start of
    // each run (see FindRuns); the others read the whole text.
    private readonly IDetector[] whole;
    private readonly INumberDetector[] numbers;
    private readonly ILetterLedDetector[] letterLed;
    private readonly int fewestDigits;

    public Detectors(IEnumerable<IDetector> detectors)
    {
        all = detectors.ToArray();
        numbers = all.OfType<INumberDetector>().ToArray();
        letterLed = all.OfType<ILetterLedDetector>().ToArray();
        whole = all.Where(d => d is not (INumberDetector or ILetterLedDetector)).ToArray();
        fewestDigits = numbers.Length == 0 ? int.MaxValue : numbers.Min(d => d.MinDigits);
    }

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
        Find(text, found);
        return found;
    }

    /// <summary>
    /// Adds the matches in <paramref name="text"/> to <paramref name="found"/>, which should start empty: it is sorted
    /// into the order they appear. For a caller searching many values, who can keep one list for all of them.
    /// </summary>
    public void Find(string text, List<Detection> found)
    {
        foreach (var detector in whole)
        {
            detector.Find(text, found);
        }

        foreach (var detector in numbers)
        {
            detector.FindRest(text, found);
        }

        if (numbers.Length > 0 || letterLed.Length > 0)
        {
            FindRuns(text, found);
        }

        if (found.Count > 1)
        {
            found.Sort(InTextOrder);
        }
    }

    // Where they start, the longer first.
    private static int InTextOrder(Detection a, Detection b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length);

    /// <summary>The matches in <paramref name="text"/> at least as sure as <paramref name="atLeast"/>, in the order they appear.</summary>
    public IReadOnlyList<Detection> Find(string? text, Confidence atLeast) =>
        Find(text).Where(d => d.Confidence >= atLeast).ToList();

    /// <summary>
    /// Points the number detectors at each run of digits and number punctuation ("070761-4285", "+45 20 30 40 50",
    /// "192.168.1.20") that holds enough digits for them, and the letter-led ones at where each run starts. Most text
    /// is words, and most numbers in it are short, so this reads each character about once instead of once per
    /// detector; the matches are the same as over the whole text (a property test holds it to that).
    /// </summary>
    private void FindRuns(string text, List<Detection> found)
    {
        var at = 0;
        while (at < text.Length)
        {
            var next = text.AsSpan(at).IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                return;
            }

            var start = at + next;
            foreach (var detector in letterLed)
            {
                detector.FindBefore(text, start, found);
            }

            while (start > 0 && text[start - 1] is '+' or '(')
            {
                start--;
            }

            var digits = 0;
            var end = at + next;
            for (var i = at + next; i < text.Length; i++)
            {
                var c = text[i];
                if (DigitText.IsDigit(c))
                {
                    digits++;
                    end = i + 1;
                }
                else if (!JoinsDigits(c))
                {
                    break;
                }
            }

            if (end < text.Length && text[end] == ')')
            {
                end++;
            }

            at = end;
            if (digits < fewestDigits)
            {
                continue;
            }

            foreach (var detector in numbers)
            {
                if (digits >= detector.MinDigits)
                {
                    detector.FindNumbers(text, start, end, found);
                }
            }
        }
    }

    // What people write between the digits of one number: groups, dates, dotted addresses, country codes, payment slips.
    private static bool JoinsDigits(char c) => c is ' ' or '-' or '.' or '/' or ',' or ':' or '+' or '(' or ')' or '<';
}
