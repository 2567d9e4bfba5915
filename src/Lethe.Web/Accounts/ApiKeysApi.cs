using Lethe.Accounts;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;

namespace Lethe.Web.Accounts;

/// <summary><c>/api/v1/tenants/{tenant}/api-keys</c>: machine credentials of a tenant.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{tenant}/api-keys", ListAsync).RequirePermission(Permission.ApiKeysRead)
            .WithSummary("The tenant's API keys (never their secrets).").Produces<List<ApiKeyView>>();
        api.MapPost("/tenants/{tenant}/api-keys", IssueAsync).RequirePermission(Permission.ApiKeysManage)
            .WithSummary("Issue a key. The secret is in this response only.")
            .Produces<IssuedKey>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapDelete("/tenants/{tenant}/api-keys/{keyId:guid}", RevokeAsync).RequirePermission(Permission.ApiKeysManage)
            .WithSummary("Revoke a key; it stops working at once.").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(CurrentTenant current, ApiKeyCommands keys, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        return TypedResults.Ok((await keys.ListAsync(tenant, ct)).Select(ApiKeyView.Of).ToList());
    }

    private static async Task<IResult> IssueAsync(IssueInput input, CurrentTenant current, PrincipalAccess principal, ApiKeyCommands keys, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var issued = await keys.IssueAsync(tenant, principal.Actor, input.Name, input.Scopes, input.LifetimeDays, ct);
        return issued.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/api-keys/{issued.Value.Key.Id}", new IssuedKey(ApiKeyView.Of(issued.Value.Key), issued.Value.Secret))
            : ProblemResults.From(issued.Failure);
    }

    private static async Task<IResult> RevokeAsync(Guid keyId, CurrentTenant current, PrincipalAccess principal, ApiKeyCommands keys, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var revoked = await keys.RevokeAsync(tenant, principal.Actor, keyId, ct);
        return revoked.Succeeded ? TypedResults.NoContent() : ProblemResults.From(revoked.Failure);
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
