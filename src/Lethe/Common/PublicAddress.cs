using Microsoft.Extensions.Configuration;

namespace Lethe.Common;

/// <summary>
/// The address people reach Lethe on, for links in e-mails and callbacks: <c>Lethe:PublicUrl</c> (or LETHE_PUBLIC_URL)
/// when set, otherwise the first address the web server listens on.
/// </summary>
public sealed class PublicAddress(IConfiguration? configuration)
{
    public string? Configured => ConfiguredIn(configuration);

    /// <summary>The address set by <c>Lethe:PublicUrl</c> or LETHE_PUBLIC_URL, if any.</summary>
    public static string? ConfiguredIn(IConfiguration? configuration) =>
        configuration?["Lethe:PublicUrl"] ?? Environment.GetEnvironmentVariable("LETHE_PUBLIC_URL");

    /// <summary>Set by the web host once it listens.</summary>
    public string? Listening { get; set; }

    public string Base => (Configured ?? Listening ?? "http://localhost:5000").TrimEnd('/');
}
