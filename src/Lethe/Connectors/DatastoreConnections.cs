using Lethe.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Lethe.Connectors;

/// <summary>
/// Resolves datastores' references (connection, secret, files directory) to their values under the
/// <see cref="DatastoreBoundary"/>: for a tenant through <see cref="ForTenantAsync"/>, for an operator's own manifest
/// file through <see cref="ForOperator"/>.
/// </summary>
public sealed class DatastoreConnections(IConfiguration? configuration, OwnStore? own = null, IDataProtectionProvider? protection = null)
{
    private readonly Lazy<HttpClient> _webhooks = new(() => OutboundGuard.CreateClient(
        string.Equals(configuration?["Lethe:Webhooks:AllowPrivateNetworks"], "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Environment.GetEnvironmentVariable("LETHE_WEBHOOKS_ALLOW_PRIVATE"), "true", StringComparison.OrdinalIgnoreCase),
        TimeSpan.FromSeconds(30)));

    public DatastoreBoundary Boundary { get; } = new(configuration, own);

    /// <summary>Lethe's public address, for callback URLs (<c>Lethe:PublicUrl</c> or LETHE_PUBLIC_URL); without it, webhook systems must answer at once.</summary>
    public string? PublicUrl => Common.PublicAddress.ConfiguredIn(configuration);

    /// <summary>The connector for webhook datastores, guarded against private addresses unless allowed.</summary>
    public WebhookConnector Webhooks => new(_webhooks.Value);

    /// <summary>The references of one tenant's data map, with the secrets it keeps in Lethe.</summary>
    public async Task<TenantConnections> ForTenantAsync(LetheDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        var slug = await db.Tenants.IgnoreQueryFilters().AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Slug).SingleAsync(cancellationToken);
        var secrets = protection is null ? new Dictionary<string, string>() : await DatastoreSecrets.ReadProtectedAsync(db, tenantId, cancellationToken);
        // Each secret is opened when a reference names it, not all of them for every use.
        return new TenantConnections(this, own, slug, name => protection is null || !secrets.TryGetValue(name, out var value) ? null : DatastoreSecrets.Open(protection, tenantId, name, value));
    }

    /// <summary>The references of a manifest file the operator gives on the command line: the operator's variables, never Lethe's own.</summary>
    public TenantConnections ForOperator() => new(this, own, null, _ => null);

    /// <summary>The value a reference names, or null with the reason; the boundary is checked first, every time.</summary>
    internal string? Resolve(string? tenantSlug, Func<string, string?> secrets, string? reference, out string? problem)
    {
        problem = null;
        if (reference is null)
        {
            problem = "the datastore names no connection";
            return null;
        }

        if (Boundary.Refuses(tenantSlug, reference) is { } refusal)
        {
            problem = refusal;
            return null;
        }

        var parsed = DatastoreReference.Parse(reference)!;
        string? value;
        switch (parsed.Kind)
        {
            case ReferenceKind.Environment:
                value = Environment.GetEnvironmentVariable(parsed.Name);
                problem = string.IsNullOrEmpty(value) ? $"the environment variable {parsed.Name} is not set" : null;
                break;
            case ReferenceKind.Configuration:
                value = configuration?[parsed.Name];
                problem = string.IsNullOrEmpty(value) ? $"the configuration key {parsed.Name} is not set" : null;
                break;
            case ReferenceKind.DataFile:
                value = Boundary.DataFile(tenantSlug!, parsed.Name, out problem);
                break;
            default:
                value = secrets(parsed.Name);
                problem = string.IsNullOrEmpty(value) ? $"the secret {parsed.Name} is not set: set it in the console's data map page, the API or `lethe secrets set`" : null;
                break;
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }
}
