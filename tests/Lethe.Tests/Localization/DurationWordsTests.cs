using Lethe.Localization;

namespace Lethe.Tests.Localization;

/// <summary>How long work took, for a person: never "0.0", and with the reader's decimal mark.</summary>
public sealed class DurationWordsTests
{
    [Theory]
    [InlineData(0.0, "da", "under 1 sekund")]
    [InlineData(0.04, "nb", "under 1 sekund")]
    [InlineData(0.999, "en", "under 1 second")]
    [InlineData(-1.0, "en", "under 1 second")]
    [InlineData(double.NaN, "da", "under 1 sekund")]
    [InlineData(1.0, "da", "1 sekund")]
    [InlineData(1.04, "en", "1 second")]
    [InlineData(2.345, "da", "2,3 sekunder")]
    [InlineData(2.345, "nb", "2,3 sekunder")]
    [InlineData(2.345, "en", "2.3 seconds")]
    [InlineData(12.0, "da", "12 sekunder")]
    [InlineData(125.4, "da", "2 min. 5 sek.")]
    [InlineData(125.4, "nb", "2 min 5 sek.")]
    [InlineData(125.4, "en", "2 min 5 s")]
    [InlineData(3725.0, "en", "62 min 5 s")]
    [InlineData(2.5, "fr", "2.5 seconds")]
    public void A_duration_is_said_in_words(double seconds, string language, string words) =>
        DurationWords.Say(seconds, language).ShouldBe(words);
}
