namespace Lethe.DataMap;

/// <summary>One problem in a manifest file: where it is, which field, and what would be valid.</summary>
public sealed record ManifestError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary>The message in a language, for the warnings the console says in the reader's language; null for those said in English only.</summary>
    public Func<string, string?>? Say { get; init; }

    /// <summary>Where the problem is: file, line, column and field.</summary>
    public string Place => $"{File}:{Line}:{Column}: {Field}";

    /// <summary>The message in <paramref name="language"/> where the catalogue has it, else the English.</summary>
    public string MessageIn(string language) => Say?.Invoke(language) ?? Message;

    public override string ToString() => $"{Place}: {Message}";
}

/// <summary>
/// The outcome of reading a manifest: the manifest when there were no errors, every error found, and warnings where the
/// manifest is valid but says something the law does not allow (a seed's mistake faithfully encoded).
/// </summary>
public sealed record ManifestReadResult(Manifest? Manifest, IReadOnlyList<ManifestError> Errors, IReadOnlyList<ManifestError> Warnings)
{
    public bool IsValid => Manifest is not null && Errors.Count == 0;
}
