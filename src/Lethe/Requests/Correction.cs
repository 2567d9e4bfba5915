using System.Text.Json;

namespace Lethe.Requests;

/// <summary>
/// A correction the person asked for in their own words (Art. 16): what is wrong and what it should be. The person
/// cannot name the data map's categories, so nothing is changed from their words alone: an agent reads them and records
/// either the exact values to set (<see cref="DataRequest.ChangesJson"/>) or that the correction is made by hand
/// (<see cref="ByHand"/>, what the agent will do), and only then can the request be approved.
/// </summary>
/// <param name="Wrong">What the person says is wrong.</param>
/// <param name="Wanted">What the person says it should be.</param>
/// <param name="ByHand">The agent's decision that the correction needs a manual step, and what that step is; null otherwise.</param>
public sealed record Correction(string Wrong, string Wanted, string? ByHand = null, string? ConfirmedBy = null, DateTime? ConfirmedAt = null)
{
    /// <summary>Each of the person's two statements, like any free text of a request.</summary>
    public const int MaxLength = RequestInput.MaxTextLength;

    /// <summary>Whether an agent has decided what the correction is.</summary>
    public bool Confirmed => ConfirmedAt is not null;

    public string ToJson() => JsonSerializer.Serialize(this);

    public static Correction? Read(string? json) => json is null ? null : JsonSerializer.Deserialize<Correction>(json);
}
