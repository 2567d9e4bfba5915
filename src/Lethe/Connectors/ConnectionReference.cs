using Microsoft.Extensions.Configuration;

namespace Lethe.Connectors;

/// <summary>Resolves a manifest's connection reference (<c>env:NAME</c> or <c>config:Section:Key</c>) to the secret it names.</summary>
public static class ConnectionReference
{
    /// <returns>The connection string, or null with <paramref name="problem"/> saying what to set.</returns>
    public static string? Resolve(string? reference, IConfiguration? configuration, out string? problem)
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
            default:
                problem = $"'{reference}' is not a connection reference";
                return null;
        }
    }
}
