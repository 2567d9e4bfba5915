namespace Lethe.Scanning;

/// <summary>
/// Words that name a kind of number just before it ("CPR: 070761-4285", "kortnummer 4571 …", "tlf. 20 30 40 50").
/// A word counts when it starts a word; one ending in * also counts as the start of a longer word ("kortnr",
/// "telefonnummer"), the rest only as a whole word, so "ip" is found in "IP-adresse" but not in "ship" or "iPhone".
/// </summary>
internal sealed class ContextWords
{
    /// <summary>How far before a match a naming word may stand: a label and a little punctuation, not the sentence before.</summary>
    public const int Window = 32;

    private readonly (string Word, bool Prefix)[] words;

    /// <summary>
    /// Labels of numbers that are not personal: after "Ordre", "faktura" or "KID" (Norwegian payment references carry
    /// a Luhn digit, like cards) a number that passes a check is still most likely what the label says it is.
    /// </summary>
    public static ContextWords OtherNumbers { get; } = new(
        "ordre*", "order*", "bestilling*", "faktura*", "invoice*", "kid", "ocr", "ref", "ref.", "reference*", "referanse*", "betalingsref*", "betalings-id*",
        "sporing*", "tracking*", "sendingsn*", "forsendelse*", "shipment*", "parcel*", "pakke*", "kundenr*", "kundenummer*", "customer*", "sag*", "sak*", "case*",
        "batch*", "build*", "serie*", "serial*", "ts", "timestamp*");

    public ContextWords(params string[] words) =>
        this.words = words.Select(w => w.EndsWith('*') ? (w[..^1], true) : (w, false)).ToArray();

    /// <summary>True when one of the words stands in the <see cref="Window"/> characters before <paramref name="start"/>.</summary>
    public bool Precede(string text, int start)
    {
        var from = Math.Max(0, start - Window);
        var window = text.AsSpan(from, start - from);
        foreach (var (word, prefix) in words)
        {
            var offset = 0;
            while (offset < window.Length)
            {
                var at = window[offset..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
                if (at < 0)
                {
                    break;
                }

                at += offset;
                var startsWord = from + at == 0 || !char.IsLetter(text[from + at - 1]);
                var endsWord = prefix || at + word.Length >= window.Length || !char.IsLetter(window[at + word.Length]);
                if (startsWord && endsWord)
                {
                    return true;
                }

                offset = at + 1;
            }
        }

        return false;
    }
}
