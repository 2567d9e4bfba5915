namespace Lethe.DataMap;

/// <summary>One problem in a manifest file: where it is, which field, and what would be valid.</summary>
public sealed record ManifestError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Field}: {Message}";
}

/// <summary>
/// The outcome of reading a manifest: the manifest when there were no errors, every error found, and warnings where the
/// manifest is valid but says something the law does not allow (a seed's mistake faithfully encoded).
/// </summary>
public sealed record ManifestReadResult(Manifest? Manifest, IReadOnlyList<ManifestError> Errors, IReadOnlyList<ManifestError> Warnings)
{
    public bool IsValid => Manifest is not null && Errors.Count == 0;
}
