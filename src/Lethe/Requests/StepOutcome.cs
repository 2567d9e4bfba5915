using System.Text.Json;
using System.Text.Json.Serialization;
using Lethe.Connectors;
using Lethe.Execution;

namespace Lethe.Requests;

/// <summary>
/// What one step did, the one shape the runner writes, the report and the answer read, the console shows and the API
/// returns: counts and strategies, kept rows with their rule and day, a checklist, the candidates of an ambiguous
/// match — never a value of the person's data (candidates carry only fields without a category).
/// </summary>
public sealed record StepOutcome
{
    /// <summary>Access: rows found per collection.</summary>
    public IReadOnlyDictionary<string, int>? Found { get; init; }

    /// <summary>A change: the rows the datastore reports as changed.</summary>
    public int? RowsChanged { get; init; }

    /// <summary>A change: rows per collection and strategy.</summary>
    public IReadOnlyList<ChangeCount>? Counts { get; init; }

    /// <summary>Rows left alone, with why, until when and under which rule; under a hold also what was erased now and what stays.</summary>
    public IReadOnlyList<KeptRows>? Kept { get; init; }

    public int? FilesRemoved { get; init; }

    public int? FilesLeft { get; init; }

    /// <summary>A manual task: what to look up or change.</summary>
    public IReadOnlyList<string>? Checklist { get; init; }

    /// <summary>A webhook: the rows the system says it changed.</summary>
    public int? Changed { get; init; }

    /// <summary>A webhook: rows per collection the system sent.</summary>
    public IReadOnlyDictionary<string, int>? Collections { get; init; }

    /// <summary>The identities matched several people: nothing ran; the agent chooses.</summary>
    public AmbiguousMatch? Ambiguous { get; init; }

    /// <summary>The datastore whose matches the agent must choose among before this step runs.</summary>
    public string? WaitsForChoiceIn { get; init; }

    /// <summary>Why the step did nothing (none of the identities is kept in the datastore).</summary>
    public string? Note { get; init; }

    public static StepOutcome Of(ChangeOutcome outcome) => new()
    {
        RowsChanged = outcome.RowsChanged,
        Counts = outcome.Plan.Counts,
        Kept = outcome.Plan.Kept,
        FilesRemoved = outcome.FilesRemoved,
        FilesLeft = outcome.FilesLeft.Count,
    };

    public static StepOutcome Of(AmbiguousPerson ambiguous) => new()
    {
        Ambiguous = new AmbiguousMatch(ambiguous.Collection, ambiguous.KeyColumn, ambiguous.Candidates
            .Select(c => (IReadOnlyDictionary<string, string?>)c.ToDictionary(v => v.Key, v => v.Value is null ? null : Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal))
            .ToList()),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>A stored outcome, or null when there is none.</summary>
    public static StepOutcome? Read(string? json) => json is null ? null : JsonSerializer.Deserialize<StepOutcome>(json, Options);

    /// <summary>camelCase, nulls left out: the shape the API has always returned.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

/// <summary>The people ambiguous identities matched in one collection, each by its key and the fields that do not identify it.</summary>
public sealed record AmbiguousMatch(string Collection, string Key, IReadOnlyList<IReadOnlyDictionary<string, string?>> Candidates)
{
    /// <summary>The candidates' keys, in the order of <see cref="Candidates"/>.</summary>
    public IReadOnlyList<string> Keys => Candidates.Select(c => c.FirstOrDefault(v => string.Equals(v.Key, Key, StringComparison.OrdinalIgnoreCase)).Value ?? "").ToList();
}
