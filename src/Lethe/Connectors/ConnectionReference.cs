using Microsoft.Extensions.Configuration;

namespace Lethe.Connectors;

/// <summary>
/// Resolves a manifest's connection reference to the value it names: <c>env:NAME</c> and <c>config:Section:Key</c> to the
/// secret kept there, <c>data:PATH</c> to a path inside Lethe's own data directory (the demo databases live there).
/// </summary>
public static class ConnectionReference
{
    /// <returns>The connection string, or null with <paramref name="problem"/> saying what to set.</returns>
    public static string? Resolve(string? reference, IConfiguration? configuration, out string? problem, string? dataDirectory = null)
    {
        problem = null;
        switch (reference)
        {
            case null:
                problem = "the datastore names no connection";
                return null;
            case not null when reference.StartsWith("env:", StringComparison.Ordinal):
                var name = reference[4..];
                var value = Environment.GetEnvironmentVariable(name);
                if (string.IsNullOrEmpty(value))
                {
                    problem = $"the environment variable {name} is not set";
                }

                return string.IsNullOrEmpty(value) ? null : value;
            case not null when reference.StartsWith("config:", StringComparison.Ordinal):
                var key = reference[7..];
                var configured = configuration?[key];
                if (string.IsNullOrEmpty(configured))
                {
                    problem = $"the configuration key {key} is not set";
                }

                return string.IsNullOrEmpty(configured) ? null : configured;
            case not null when reference.StartsWith("data:", StringComparison.Ordinal):
                return DataPath(reference[5..], dataDirectory, out problem);
            default:
                problem = $"'{reference}' is not a connection reference";
                return null;
        }
    }

    /// <summary>A path inside the data directory; never outside it, whatever the reference says.</summary>
    private static string? DataPath(string relative, string? dataDirectory, out string? problem)
    {
        problem = null;
        if (dataDirectory is null)
        {
            problem = "data: references need Lethe's data directory, which this command does not have";
            return null;
        }

        var root = Path.GetFullPath(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(root, relative));
        if (Path.IsPathRooted(relative) || !path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = $"data:{relative} leaves Lethe's data directory";
            return null;
        }

        return path;
    }
}
