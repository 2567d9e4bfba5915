namespace Lethe.Notices;

/// <summary>How the published notice differs from the data map in force: promises no longer true, and new facts it does not state.</summary>
public sealed record NoticeDrift(int? PublishedVersion, IReadOnlyList<string> NoLongerTrue, IReadOnlyList<string> NotStated)
{
    public bool InStep => PublishedVersion is not null && NoLongerTrue.Count == 0 && NotStated.Count == 0;
}
