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

    /// <summary>Environment variables Lethe reads for itself: never a datastore's, whatever the operator allowed.</summary>
    private static readonly string[] OwnVariables =
    [
        "LETHE_CONNECTION", "LETHE_DATA", "LETHE_DATABASE", "LETHE_ADMIN_PASSWORD", "LETHE_URLS", "LETHE_PUBLIC_URL",
        "LETHE_HTTPS_REDIRECT", "LETHE_WEBHOOKS_ALLOW_PRIVATE", "LETHE_TRUSTED_PROXIES",
    ];

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
                return ReferenceVerdict.NotYet($"{parsed} is not allowed for this tenant: the operator allows environment and configuration references " +
                                               $"per tenant ({AllowedSection}:{tenantSlug}); or keep the value in Lethe as secret:NAME");
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

        if (own.Refuses(path) is { } reason)
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
            entry.EndsWith('*') ? text.StartsWith(entry[..^1], StringComparison.Ordinal) : text == entry);
    }

    private IEnumerable<string> Allowed(string key) =>
        configuration?[$"{AllowedSection}:{key}"]?.Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static bool IsLethesOwn(DatastoreReference reference) => reference.Kind == ReferenceKind.Environment
        ? OwnVariables.Contains(reference.Name, StringComparer.OrdinalIgnoreCase)
          || reference.Name.StartsWith("Lethe__", StringComparison.OrdinalIgnoreCase)
          || reference.Name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        : reference.Name.StartsWith("Lethe:", StringComparison.OrdinalIgnoreCase)
          || reference.Name.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase);
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
