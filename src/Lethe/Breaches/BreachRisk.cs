using System.Text.Json.Serialization;

namespace Lethe.Breaches;

/// <summary>
/// The risk a breach poses to people's rights and freedoms: unlikely (no notification, Art. 33(1), but recorded with
/// its reasons), a risk (the authority within 72 hours), or a high risk (the people too, Art. 34).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<BreachRisk>))]
public enum BreachRisk
{
    [JsonStringEnumMemberName("unlikely")] Unlikely = 1,
    [JsonStringEnumMemberName("risk")] Risk,
    [JsonStringEnumMemberName("high_risk")] HighRisk,
}
