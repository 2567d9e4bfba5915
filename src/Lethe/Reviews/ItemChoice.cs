namespace Lethe.Reviews;

/// <summary>One item's decision as a reviewer gave it, the item named by its position in the checklist.</summary>
public sealed record ItemChoice(int Position, ItemDecision Decision, string? Note);
