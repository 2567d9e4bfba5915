using System.Text.Json.Serialization;

namespace Lethe.RiskAssessments;

/// <summary>
/// A risk in three words, from likelihood × impact on the 1–4 scales of <see cref="RiskScore"/>: low (1–3), medium
/// (4–8), high (9–16). Four steps per axis, as Datatilsynet's guidance on risk assessment uses, leave no middle to hide in.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RiskLevel>))]
public enum RiskLevel
{
    [JsonStringEnumMemberName("low")] Low = 1,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("high")] High,
}

/// <summary>
/// Likelihood and impact, each 1–4: likelihood 1 rare, 2 possible, 3 likely, 4 almost certain; impact on the people
/// 1 minimal, 2 limited, 3 significant, 4 maximal (irreversible, e.g. identity theft from a national id).
/// </summary>
public readonly record struct RiskScore(int Likelihood, int Impact)
{
    public const int Lowest = 1;
    public const int Highest = 4;

    public int Product => Likelihood * Impact;

    public RiskLevel Level => Product switch
    {
        <= 3 => RiskLevel.Low,
        <= 8 => RiskLevel.Medium,
        _ => RiskLevel.High,
    };

    public static bool InRange(int value) => value is >= Lowest and <= Highest;
}
