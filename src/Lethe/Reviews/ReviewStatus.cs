using System.Text.Json.Serialization;

namespace Lethe.Reviews;

/// <summary>Whether a half-yearly review is being worked through or done and kept as evidence.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewStatus>))]
public enum ReviewStatus
{
    [JsonStringEnumMemberName("in_progress")] InProgress = 1,
    [JsonStringEnumMemberName("completed")] Completed,
}

/// <summary>What a checklist item is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewItemKind>))]
public enum ReviewItemKind
{
    [JsonStringEnumMemberName("system")] System = 1,
    [JsonStringEnumMemberName("activity")] Activity,
    [JsonStringEnumMemberName("retention_rule")] RetentionRule,
    [JsonStringEnumMemberName("processor")] Processor,

    /// <summary>A finding of the latest scan the data map does not yet say (a column it does not describe, or not as what it holds).</summary>
    [JsonStringEnumMemberName("scan_finding")] ScanFinding,

    /// <summary>Background work that failed and waits for someone, or a retention run whose rules failed.</summary>
    [JsonStringEnumMemberName("failed_job")] FailedJob,
}

/// <summary>What the reviewer said of an item: nothing yet, that it stands as it is, or that it was changed (the note says how).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemDecision>))]
public enum ItemDecision
{
    [JsonStringEnumMemberName("open")] Open = 1,
    [JsonStringEnumMemberName("confirmed")] Confirmed,
    [JsonStringEnumMemberName("changed")] Changed,
}
