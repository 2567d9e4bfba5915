using System.Text.Json.Serialization;
using Lethe.Common;

namespace Lethe.Breaches;

/// <summary>
/// Where a breach is in its handling: recorded, its risk assessed, the authority notified, closed. Every breach stays in
/// the register whatever its status (Art. 33(5)); only <see cref="Breach"/>'s own methods move it, along
/// <see cref="BreachStatusRules.CanMove"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<BreachStatus>))]
public enum BreachStatus
{
    [JsonStringEnumMemberName("open")] Open = 1,
    [JsonStringEnumMemberName("assessed")] Assessed,
    [JsonStringEnumMemberName("notified")] Notified,
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>The moves a breach may make: the one table <see cref="Breach"/> checks every move against.</summary>
public static class BreachStatusRules
{
    private static readonly Dictionary<BreachStatus, BreachStatus[]> Moves = new()
    {
        // Nothing is decided about a breach before its risk is assessed.
        [BreachStatus.Open] = [BreachStatus.Assessed],
        // An assessment may be revised as facts come in, until the authority is told or the breach is closed.
        [BreachStatus.Assessed] = [BreachStatus.Assessed, BreachStatus.Notified, BreachStatus.Closed],
        // Art. 33(4): information the first notification lacked follows in phases.
        [BreachStatus.Notified] = [BreachStatus.Notified, BreachStatus.Closed],
        // The register keeps a closed breach as it was.
        [BreachStatus.Closed] = [],
    };

    extension(BreachStatus)
    {
        public static IReadOnlyList<BreachStatus> All => WireNames.All<BreachStatus>();

        public static bool CanMove(BreachStatus from, BreachStatus to) => Moves.TryGetValue(from, out var next) && next.Contains(to);
    }
}
