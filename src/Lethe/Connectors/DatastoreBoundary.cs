using Lethe.Localization;
using Microsoft.Extensions.Configuration;

namespace Lethe.Connectors;

/// <summary>
/// Who may say where a tenant's data lives. A tenant's data map names its datastores by reference, never by value, and
/// a tenant (a privacy officer, an API key) must never reach Lethe's own database, its keys, another tenant's
/// datastores or any file or variable of the host. So: <c>secret:</c> names a value the tenant gave Lethe to keep;
/// <c>env:</c> and <c>config:</c> only names the operator allowed for that tenant
/// (<c>Lethe:Datastores:AllowedReferences:{tenant}</c>, or <c>…:*</c> for every tenant) and never Lethe's own settings;
/// <c>data:</c> only files in the tenant's own folder of Lethe's data directory, through no symbolic link. Whatever a
/// reference resolves to is compared with Lethe's own store again when the connection opens (<see cref="OwnStore"/>).
/// </summary>
public sealed class DatastoreBoundary(IConfiguration? configuration, OwnStore? own)
{
    public const string AllowedSection = "Lethe:Datastores:AllowedReferences";

    /// <summary>The key under <see cref="AllowedSection"/> whose references every tenant may use.</summary>
    public const string EveryTenant = "*";

    /// <summary>Settings Lethe reads for itself: never a datastore's, whatever the operator allowed.</summary>
    private static readonly string[] OwnVariables =
    [
        "LETHE_CONNECTION", "LETHE_DATA", "LETHE_DATABASE", "LETHE_ADMIN_PASSWORD", "LETHE_URLS", "LETHE_PUBLIC_URL",
        "LETHE_HTTPS_REDIRECT", "LETHE_WEBHOOKS_ALLOW_PRIVATE", "LETHE_TRUSTED_PROXIES",
    ];

    /// <summary>Prefixes of settings that belong to Lethe, the runtime or the PostgreSQL client, in either spelling (env <c>__</c>, config <c>:</c>).</summary>
    private static readonly string[] OwnPrefixes = ["Lethe__", "Lethe:", "ConnectionStrings", "Kestrel", "ASPNETCORE_", "DOTNET_", "PG"];

    /// <summary>
    /// Why <paramref name="reference"/> may not be used by the tenant <paramref name="tenantSlug"/>, or null when it may.
    /// Without a tenant (an operator's own file on the command line) the operator's variables are allowed, Lethe's own never.
    /// </summary>
    public string? Refuses(string? tenantSlug, string reference) => Check(tenantSlug, reference)?.Message;

    /// <summary>
    /// As <see cref="Refuses"/>, telling apart a reference that can never be used (Lethe's own settings, a path out of
    /// the tenant's folder) from one the operator has not allowed yet, which a data map may name before it is allowed.
    /// </summary>
    public ReferenceVerdict? Check(string? tenantSlug, string reference)
    {
        if (DatastoreReference.Parse(reference) is not { } parsed)
        {
            return ReferenceVerdict.Never($"'{reference}' is not a reference: write secret:NAME, env:VARIABLE, config:Section:Key or data:FILE");
        }

        switch (parsed.Kind)
        {
            case ReferenceKind.Environment or ReferenceKind.Configuration when IsLethesOwn(parsed):
                return ReferenceVerdict.Never($"{parsed} is one of Lethe's own settings, never a datastore's");
            case ReferenceKind.Environment or ReferenceKind.Configuration when tenantSlug is not null && !IsAllowed(tenantSlug, parsed):
                return ReferenceVerdict.NotYet(Texts.Fill(Texts.Get("error.reference.not_allowed_yet", "en"), new Dictionary<string, string>
                {
                    ["reference"] = parsed.ToString(), ["setting"] = $"{AllowedSection}:{tenantSlug}",
                }));
            case ReferenceKind.DataFile when tenantSlug is null:
                return ReferenceVerdict.Never("data: references resolve in a tenant's own folder; import the data map for a tenant");
            case ReferenceKind.DataFile:
                return DataFile(tenantSlug, parsed.Name, out var problem) is null ? ReferenceVerdict.Never(problem!) : null;
            case ReferenceKind.Secret when !SecretName.IsValid(parsed.Name):
                return ReferenceVerdict.Never($"{parsed} is not a secret name: {SecretName.Rule}");
            default:
                return null;
        }
    }

    /// <summary>
    /// Why a resolved files directory may not be used: a tenant's own value (<c>secret:</c>) could name any directory of
    /// the host, so files come from the tenant's folder (<c>data:</c>) or a directory the operator allowed; and never one
    /// that holds, or lies in, Lethe's data directory outside the tenant's folder.
    /// </summary>
    public string? RefusesFiles(string? tenantSlug, string reference, string directory)
    {
        if (DatastoreReference.Parse(reference)?.Kind == ReferenceKind.Secret)
        {
            return "a files directory is data:FOLDER in the tenant's folder, or a variable the operator allows — not a secret";
        }

        return own?.RefusesDirectory(directory, tenantSlug);
    }

    /// <summary>
    /// Why a connection string the tenant gave (<c>secret:</c>) may not be used: SQLite files are the tenant's folder's
    /// (<c>data:</c>), and a PostgreSQL string may only say where to connect and as whom — no socket directory, password
    /// file, certificate or Kerberos setting that would make Lethe log in with its own credentials or read host files.
    /// </summary>
    public static string? RefusesTenantConnection(string connectionString)
    {
        if (connectionString.TrimStart().StartsWith("Data Source", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("Filename", StringComparison.OrdinalIgnoreCase))
        {
            return "a SQLite database is a file in the tenant's folder: refer to it as data:FILE";
        }

        Npgsql.NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return "the secret is not a PostgreSQL connection string";
        }

        foreach (var key in builder.Keys)
        {
            if (!TenantConnectionKeys.Contains(key))
            {
                return $"the connection string may not set '{key}'; allowed: {string.Join(", ", TenantConnectionKeys)}";
            }
        }

        if (string.IsNullOrEmpty(builder.Host) || builder.Host.Contains('/', StringComparison.Ordinal) || builder.Host.Contains('\\', StringComparison.Ordinal))
        {
            return "the connection string must name a host (not a socket directory)";
        }

        return string.IsNullOrEmpty(builder.Password) ? "the connection string must carry its own password" : null;
    }

    private static readonly HashSet<string> TenantConnectionKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Server", "Port", "Database", "Username", "User ID", "User Id", "Password", "SSL Mode", "SslMode", "Timeout",
        "Command Timeout", "Search Path", "Application Name", "Pooling", "Minimum Pool Size", "Maximum Pool Size",
    };

    /// <summary>
    /// The file a tenant's <c>data:</c> reference names: inside the tenant's folder, reached through no symbolic link,
    /// and none of Lethe's own files; or null with the reason.
    /// </summary>
    public string? DataFile(string tenantSlug, string relative, out string? problem)
    {
        problem = null;
        if (own is null)
        {
            problem = "data: references need Lethe's data directory, which this command does not have";
            return null;
        }

        var folder = Path.GetFullPath(own.TenantFolder(tenantSlug));
        var segments = relative.Split('/');
        if (relative.Length == 0 || Path.IsPathRooted(relative) || relative.Contains('\\', StringComparison.Ordinal) || relative.Contains('\0', StringComparison.Ordinal)
            || segments.Any(s => s is "" or "." or ".."))
        {
            problem = $"data:{relative} must be a plain relative path inside the tenant's folder ({OwnStore.DatastoreFolder}/{tenantSlug} in Lethe's data directory)";
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(folder, relative));
        if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = $"data:{relative} leaves the tenant's folder";
            return null;
        }

        if (RealPath.PassesThroughLink(folder, path))
        {
            problem = $"data:{relative} passes through a symbolic link, which Lethe does not follow";
            return null;
        }

        if (own.Refuses(path, tenantSlug) is { } reason)
        {
            problem = $"data:{relative} is refused: {reason}";
            return null;
        }

        return path;
    }

    private bool IsAllowed(string tenantSlug, DatastoreReference reference)
    {
        var text = reference.ToString();
        return Allowed(tenantSlug).Concat(Allowed(EveryTenant)).Any(entry =>
            entry.EndsWith('*') ? IsPrefix(entry[..^1]) && text.StartsWith(entry[..^1], StringComparison.Ordinal) : text == entry);
    }

    /// <summary>A wildcard must name a family (<c>env:ACME_*</c>), not everything or a bare stem another tenant's names share (<c>env:ACME*</c> would match ACME_EU_DB).</summary>
    private static bool IsPrefix(string prefix) => prefix.EndsWith('_') || prefix.EndsWith(':') && prefix.Count(c => c == ':') > 1;

    private IEnumerable<string> Allowed(string key) =>
        configuration?[$"{AllowedSection}:{key}"]?.Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    // Configuration includes every environment variable, so config:LETHE_CONNECTION is the same secret as env:LETHE_CONNECTION.
    private static bool IsLethesOwn(DatastoreReference reference) =>
        OwnVariables.Contains(reference.Name, StringComparer.OrdinalIgnoreCase)
        || OwnPrefixes.Any(p => reference.Name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Why a reference may not be used; <see cref="Final"/> when it never may, whatever the operator allows.</summary>
public sealed record ReferenceVerdict(string Message, bool Final)
{
    public static ReferenceVerdict Never(string message) => new(message, true);

    public static ReferenceVerdict NotYet(string message) => new(message, false);
}

/// <summary>The names a tenant gives the secrets it keeps in Lethe.</summary>
public static class SecretName
{
    public const string Rule = "letters, digits, '_', '-' and '.', starting with a letter, at most 100 characters";

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 100 } && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
