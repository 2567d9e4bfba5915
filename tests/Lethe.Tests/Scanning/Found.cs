using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

internal static class Found
{
    /// <summary>What one detector finds in the text, as (matched text, confidence), for assertions that read.</summary>
    public static IReadOnlyList<(string Text, Confidence Confidence)> By(IDetector detector, string text)
    {
        var found = new List<Detection>();
        detector.Find(text, found);
        return found.Select(d => (text.Substring(d.Start, d.Length), d.Confidence)).ToList();
    }

    public static (string Text, Confidence Confidence) Single(IDetector detector, string text) => By(detector, text).ShouldHaveSingleItem();
}
