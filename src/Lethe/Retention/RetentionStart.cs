namespace Lethe.Retention;

/// <summary>A run asked for: the tenant's open run, and whether it was open already rather than started by this asking.</summary>
public sealed record RetentionStart(RetentionRun Run, bool AlreadyOpen);
