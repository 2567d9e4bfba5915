using System.Text.RegularExpressions;
using Lethe.DataMap;
using Lethe.Localization;

namespace Lethe.Tests.Localization;

/// <summary>
/// Finds English a Danish or Norwegian reader should not meet: a sentence of the English catalogue that the language
/// translates (cut at placeholders and line breaks into pieces of at least three words, so a word Danish shares with
/// English is no finding), an English text of the data map that has a translation (or, in a data map written in several
/// languages, is written once), and the data map's codes shown raw (<c>legitimate-interests</c>, <c>P5Y6M</c>, <c>(adequacy)</c>).
/// </summary>
public static partial class EnglishSentences
{
    /// <summary>What of the above <paramref name="text"/> holds, for a reader of <paramref name="language"/>.</summary>
    public static List<string> In(string text, string language, Manifest? manifest = null)
    {
        var found = Catalogue(language).Concat(manifest is null ? [] : DataMap(manifest, language))
            .Where(s => text.Contains(s, StringComparison.Ordinal)).ToList();
        found.AddRange(Codes.Where(c => text.Contains(c, StringComparison.Ordinal)));
        found.AddRange(IsoPeriod().Matches(text).Select(m => m.Value));
        return found.Distinct().ToList();
    }

    private static readonly string[] Codes =
    [
        .. ManifestVocabulary.LegalBases.Where(b => b.Contains('-', StringComparison.Ordinal)),
        .. ManifestVocabulary.ProcessorRoles.Where(r => r.Contains('-', StringComparison.Ordinal)),
        .. ManifestVocabulary.TransferSafeguards.Select(s => $"({s})"),
    ];

    private static IEnumerable<string> Catalogue(string language)
    {
        var translated = Texts.All(language);
        return Texts.All("en").Where(t => translated[t.Key] != t.Value)
            .SelectMany(t => Placeholder().Split(t.Value)).Select(s => s.Trim()).Where(IsSentence).Distinct();
    }

    private static IEnumerable<string> DataMap(Manifest m, string language)
    {
        var several = m.WrittenIn.Count > 1;
        foreach (var text in TextsOf(m))
        {
            if (text.In("en") is { } english && text.In(language) is { } own && own != english && IsSentence(english))
            {
                yield return english;
            }
            else if (text.Plain is { } plain && several && IsSentence(plain))
            {
                yield return plain;
            }
        }
    }

    private static IEnumerable<LocalizedText> TextsOf(Manifest m) =>
        m.SubjectCategories.Select(s => s.Name)
            .Concat(m.DataCategories.Select(c => c.Name))
            .Concat(m.Systems.Select(s => s.Name))
            .Concat(m.Activities.Select(a => a.Purpose))
            .Concat(m.Activities.Select(a => a.OnBehalfOf).OfType<LocalizedText>())
            .Concat(m.Processors.Select(p => p.Service))
            .Concat(m.RetentionRules.Select(r => r.Description))
            .Concat(m.SecurityMeasures);

    private static bool IsSentence(string text) => text.Count(c => c == ' ') >= 2;

    [GeneratedRegex(@"\{[a-z0-9_]+\}|\n")]
    private static partial Regex Placeholder();

    // Not inside a hyphenated code: a verification code's group ("…-P71W-…") is no period.
    [GeneratedRegex(@"(?<![\w-])P\d+[YMWD](?:\d+[MWD])*(?![\w-])")]
    private static partial Regex IsoPeriod();
}
