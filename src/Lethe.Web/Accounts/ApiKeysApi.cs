using Lethe.Accounts;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Accounts;

/// <summary><c>/api/v1/tenants/{tenant}/api-keys</c>: machine credentials of a tenant.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/api-keys", ListAsync).RequirePermission(Permission.ApiKeysRead)
            .WithSummary("The tenant's API keys (never their secrets).");
        tenant.MapPost("/api-keys", IssueAsync).RequirePermission(Permission.ApiKeysManage)
            .WithSummary("Issue a key. The secret is in this response only.");
        tenant.MapDelete("/api-keys/{keyId:guid}", RevokeAsync).RequirePermission(Permission.ApiKeysManage)
            .WithSummary("Revoke a key; it stops working at once.");
        return api;
    }

    private static async Task<Ok<List<ApiKeyView>>> ListAsync(CurrentTenant current, ApiKeyCommands keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.ListAsync(current.Required, ct)).Select(ApiKeyView.Of).ToList());

    private static async Task<OrProblem<Created<IssuedKey>, ValidationProblem>> IssueAsync(
        IssueInput input, CurrentTenant current, PrincipalAccess principal, ApiKeyCommands keys, CancellationToken ct)
    {
        var tenant = current.Required;
        var issued = await keys.IssueAsync(tenant, principal.Actor, input.Name, input.Scopes, input.LifetimeDays, ct);
        return issued.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/api-keys/{issued.Value.Key.Id}", new IssuedKey(ApiKeyView.Of(issued.Value.Key), issued.Value.Secret))
            : issued.Failure;
    }

    private static async Task<OrProblem<NoContent, NotFoundProblem>> RevokeAsync(
        Guid keyId, CurrentTenant current, PrincipalAccess principal, ApiKeyCommands keys, CancellationToken ct)
    {
        var revoked = await keys.RevokeAsync(current.Required, principal.Actor, keyId, ct);
        return revoked.Succeeded ? TypedResults.NoContent() : revoked.Failure;
    }

    /// <summary>The body of <c>POST …/api-keys</c>; <c>lifetimeDays</c> defaults to 365.</summary>
    public sealed record IssueInput(string? Name, IReadOnlyList<string>? Scopes, int? LifetimeDays);

    /// <summary>A key as shown to people: no hash, no secret.</summary>
    public sealed record ApiKeyView(
        Guid Id, string Name, IReadOnlyList<string> Scopes, string Hint, DateTime CreatedAt, string? CreatedBy,
        DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt)
    {
        public static ApiKeyView Of(ApiKey k) => new(
            k.Id, k.Name, k.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), "…" + k.Hint, k.CreatedAt, k.CreatedBy,
            k.ExpiresAt, k.RevokedAt, k.LastUsedAt);
    }

    public sealed record IssuedKey(ApiKeyView Key, string Secret);
}
