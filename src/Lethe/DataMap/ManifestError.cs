namespace Lethe.DataMap;

/// <summary>One problem in a manifest file: where it is, which field, and what would be valid.</summary>
public sealed record ManifestError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary>The message in a language, for the console to say in the reader's language; null for those said in English only.</summary>
    public Func<string, string?>? Say { get; init; }

    /// <summary>Where the problem is: file, line, column and field.</summary>
    public string Place => $"{File}:{Line}:{Column}: {Field}";

    /// <summary>The message in <paramref name="language"/> where the catalogue has it, else the English.</summary>
    public string MessageIn(string language) => Say?.Invoke(language) ?? Message;

    public override string ToString() => $"{Place}: {Message}";

    /// <summary>A problem <paramref name="say"/> says in a language (null where it cannot): its English is the message the API and the CLI show.</summary>
    internal static ManifestError Saying(string file, int line, int column, string field, Func<string, string?> say) =>
        new(file, line, column, field, say("en") ?? throw new InvalidOperationException($"the problem at {field} has no English")) { Say = say };

    // Two reads of one file give equal problems: how a problem is said in other languages is no part of what it is.
    public bool Equals(ManifestError? other) =>
        other is not null && (File, Line, Column, Field, Message) == (other.File, other.Line, other.Column, other.Field, other.Message);

    public override int GetHashCode() => HashCode.Combine(File, Line, Column, Field, Message);
}

/// <summary>
/// The outcome of reading a manifest: the manifest when there were no errors, every error found, and warnings where the
/// manifest is valid but says something the law does not allow (a seed's mistake faithfully encoded).
/// </summary>
public sealed record ManifestReadResult(Manifest? Manifest, IReadOnlyList<ManifestError> Errors, IReadOnlyList<ManifestError> Warnings)
{
    public bool IsValid => Manifest is not null && Errors.Count == 0;
}
