using System.Text.Json.Serialization;

namespace Lethe.Scanning;

/// <summary>
/// How sure a detector is, from its own checks (a check digit, a valid date) and the words around the match ("CPR:",
/// "kortnummer"). Ordered, so a scan can report only what is at least as sure as the officer asks for.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Confidence>))]
public enum Confidence
{
    /// <summary>The shape fits, nothing else speaks for it (a ten-digit number that could be an order number).</summary>
    [JsonStringEnumMemberName("low")] Low = 1,

    /// <summary>The shape and the checks fit, without words that name it.</summary>
    [JsonStringEnumMemberName("medium")] Medium,

    /// <summary>The checks fit and the context names it, or the checks alone leave little doubt.</summary>
    [JsonStringEnumMemberName("high")] High,

    /// <summary>The checks fit and the context names it ("CPR: 070761-4285").</summary>
    [JsonStringEnumMemberName("certain")] Certain,
}
