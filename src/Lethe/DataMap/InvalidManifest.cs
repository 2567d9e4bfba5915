using Lethe.Common;

namespace Lethe.DataMap;

/// <summary>A manifest that did not validate; every error is listed with its file, line, column and field.</summary>
/// <remarks>The first error is in the detail too, so a client that shows only the detail still says what is wrong.</remarks>
public sealed record InvalidManifest(IReadOnlyList<ManifestError> Errors)
    : Failure("The manifest is not valid.",
        $"Correct the {Errors.Count} error(s) listed, each with its line, column and field, and send it again. The first: {Errors.FirstOrDefault()}");
