using System.CommandLine;

namespace Lethe.Cli;

/// <summary>
/// <c>--out FILE</c> alike in every command that writes a file: an existing file is replaced only with <c>--force</c>,
/// so a mistyped path cannot overwrite what the operator keeps (the data map, a README, last year's record).
/// </summary>
internal static class OutFile
{
    public static Option<bool> ForceOption() => new("--force") { Description = "Replace the --out file when it exists." };

    /// <returns>Null when <paramref name="target"/> may be written; otherwise the one line that says why not.</returns>
    public static string? Refusal(FileInfo target, bool force) =>
        target.Directory is { Exists: false } directory ? $"lethe: the folder '{directory.FullName}' for --out does not exist."
        : Directory.Exists(target.FullName) ? $"lethe: --out '{target.FullName}' is a folder; name a file."
        : target.Exists && !force ? $"lethe: '{target.FullName}' exists; give another --out, or add --force to replace it."
        : null;
}
