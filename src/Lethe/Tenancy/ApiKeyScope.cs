namespace Lethe.Tenancy;

/// <summary>What an API key may do in its tenant; written as <c>tenant:read</c> etc. on the wire.</summary>
public enum ApiKeyScope
{
    TenantRead = 1,
    TenantWrite,
    UsersRead,
    AuditRead,
    DataMapRead,
    DataMapWrite,
    RequestsRead,
    RequestsWrite,
    RetentionRead,
    RetentionWrite,
    ConsentRead,
    ConsentWrite,
    SuppressionCheck,
    ScanRead,
    ScanWrite,
}

/// <summary>Wire names of <see cref="ApiKeyScope"/> and the permissions each grants.</summary>
public static class ApiKeyScopes
{
    private static readonly Dictionary<string, ApiKeyScope> ByName = new(StringComparer.Ordinal)
    {
        ["tenant:read"] = ApiKeyScope.TenantRead,
        ["tenant:write"] = ApiKeyScope.TenantWrite,
        ["users:read"] = ApiKeyScope.UsersRead,
        ["audit:read"] = ApiKeyScope.AuditRead,
        ["datamap:read"] = ApiKeyScope.DataMapRead,
        ["datamap:write"] = ApiKeyScope.DataMapWrite,
        ["requests:read"] = ApiKeyScope.RequestsRead,
        ["requests:write"] = ApiKeyScope.RequestsWrite,
        ["retention:read"] = ApiKeyScope.RetentionRead,
        ["retention:write"] = ApiKeyScope.RetentionWrite,
        ["consent:read"] = ApiKeyScope.ConsentRead,
        ["consent:write"] = ApiKeyScope.ConsentWrite,
        ["suppression:check"] = ApiKeyScope.SuppressionCheck,
        ["scan:read"] = ApiKeyScope.ScanRead,
        ["scan:write"] = ApiKeyScope.ScanWrite,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static string Name(ApiKeyScope scope) => ByName.First(p => p.Value == scope).Key;

    /// <remarks>Null is no scope: a JSON list or a form may hold one (<c>"scopes": [null]</c>, <c>Scopes=</c>).</remarks>
    public static bool TryParse(string? name, out ApiKeyScope scope)
    {
        scope = default;
        return name is not null && ByName.TryGetValue(name, out scope);
    }

    /// <summary>The known scopes in a space-separated list as stored with a key; unknown names are ignored.</summary>
    public static IEnumerable<ApiKeyScope> ParseList(string scopes) =>
        scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => TryParse(name, out var scope) ? scope : (ApiKeyScope?)null)
            .OfType<ApiKeyScope>();

    /// <summary>The scopes that grant <paramref name="permission"/>, the narrowest first; none where no key may do it.</summary>
    public static IReadOnlyList<string> Granting(Permission permission) =>
        ByName.Where(p => Grants(p.Value).Contains(permission)).OrderBy(p => Grants(p.Value).Count()).Select(p => p.Key).ToList();

    // Keys never manage people or other keys: a leaked key must not be able to mint more access.
    public static IEnumerable<Permission> Grants(ApiKeyScope scope) => scope switch
    {
        ApiKeyScope.TenantRead => [Permission.TenantRead],
        ApiKeyScope.TenantWrite => [Permission.TenantRead, Permission.TenantEdit],
        ApiKeyScope.UsersRead => [Permission.UsersRead],
        ApiKeyScope.AuditRead => [Permission.AuditRead],
        ApiKeyScope.DataMapRead => [Permission.DataMapRead],
        ApiKeyScope.DataMapWrite => [Permission.DataMapRead, Permission.DataMapEdit],
        ApiKeyScope.RequestsRead => [Permission.RequestsRead],
        ApiKeyScope.RequestsWrite => [Permission.RequestsRead, Permission.RequestsManage],
        ApiKeyScope.RetentionRead => [Permission.RetentionRead],
        ApiKeyScope.RetentionWrite => [Permission.RetentionRead, Permission.RetentionManage],
        ApiKeyScope.ConsentRead => [Permission.ConsentRead],
        ApiKeyScope.ConsentWrite => [Permission.ConsentRead, Permission.ConsentWrite],
        ApiKeyScope.SuppressionCheck => [Permission.SuppressionCheck],
        ApiKeyScope.ScanRead => [Permission.ScanRead],
        ApiKeyScope.ScanWrite => [Permission.ScanRead, Permission.ScanManage],
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown scope."),
    };
}
