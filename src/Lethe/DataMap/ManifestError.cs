namespace Lethe.DataMap;

/// <summary>One problem in a manifest file: where it is, which field, and what would be valid.</summary>
public sealed record ManifestError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Field}: {Message}";
}

/// <summary>The outcome of reading a manifest: the manifest when there were no errors, and every error found.</summary>
public sealed record ManifestReadResult(Manifest? Manifest, IReadOnlyList<ManifestError> Errors)
{
    public bool IsValid => Manifest is not null && Errors.Count == 0;
}
