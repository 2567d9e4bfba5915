using System.CommandLine;
using Lethe.Common;
using Lethe.Storage;

namespace Lethe.Cli;

/// <summary>The options every command shares, with their LETHE_* environment fallbacks.</summary>
internal sealed class CliSettings
{
    public Option<string?> Data { get; } = new("--data")
    {
        Description = "Directory of the embedded SQLite database (default ./data; env LETHE_DATA).",
        Recursive = true,
    };

    public Option<string?> Database { get; } = new("--database")
    {
        Description = "sqlite (default) or postgres (env LETHE_DATABASE).",
        Recursive = true,
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "PostgreSQL connection string (env LETHE_CONNECTION). Prefer the variable: command lines are visible to other users.",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Data);
        root.Options.Add(Database);
        root.Options.Add(Connection);
    }

    public Outcome<StorageSettings> Resolve(ParseResult parse) => StorageSettings.Resolve(
        parse.GetValue(Database) ?? Env("LETHE_DATABASE"),
        parse.GetValue(Connection) ?? Env("LETHE_CONNECTION"),
        parse.GetValue(Data) ?? Env("LETHE_DATA"));

    public static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
