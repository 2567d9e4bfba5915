using Lethe.Breaches;

namespace Lethe.Tests.Breaches;

/// <summary>A breach's letters per language, as stored for the audit log (<c>da=40 nb=3</c>), said in words.</summary>
public sealed class LetterLanguagesTests
{
    [Theory]
    [InlineData("da=40", "da", "40 på dansk")]
    [InlineData("da=40 nb=3", "da", "40 på dansk og 3 på norsk")]
    [InlineData("da=40 en=1 nb=3", "nb", "40 på dansk, 1 på engelsk og 3 på norsk")]
    [InlineData("da=1200 en=1", "en", "1,200 in Danish and 1 in English")]
    [InlineData("da=1200", "da", "1.200 på dansk")]
    [InlineData("", "da", "ingen")]
    [InlineData(null, "en", "none")]
    // A language the catalogue has no name for, and a part that is no count, are shown as written rather than lost.
    [InlineData("fr=2 odd", "en", "2 in fr and odd")]
    public void The_letters_per_language_are_said_in_words(string? counts, string language, string words) =>
        LetterLanguages.Say(counts, language).ShouldBe(words);
}
