using System.Security.Claims;
using Lethe.Accounts;
using Lethe.Common;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Accounts;

/// <summary><c>/api/v1/me</c> and <c>/api/v1/tenants/{tenant}/users</c>: people and their roles in a tenant.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        // Anyone signed in or holding a key may ask who they are: a person's roles, or a key's tenant and scopes.
        api.MapGet("/me", MeAsync).RequireAuthorization()
            .WithSummary("Who you are: a person's roles, or for an API key its name, tenant and scopes.");
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/users", ListAsync).RequirePermission(Permission.UsersRead)
            .WithSummary("People with a role in the tenant.");
        tenant.MapPost("/users", GrantAsync).RequirePermission(Permission.UsersManage)
            .WithSummary("Grant a role to a person, creating them with a one-time password if they are new.");
        tenant.MapDelete("/users/{userId}/roles/{role}", RevokeAsync).RequirePermission(Permission.UsersManage)
            .WithSummary("Revoke one role from a person.");
        return api;
    }

    private static async Task<Ok<Me>> MeAsync(PrincipalAccess principal, CancellationToken ct)
    {
        var access = await principal.GetAsync(ct);
        if (principal.IsApiKey)
        {
            // The key handler puts the key's id, tenant and scopes on every key principal (ApiKeyAuthenticationHandler).
            var claims = principal.Principal;
            var key = new MeKey(Guid.TryParse(claims.FindFirstValue(PrincipalAccess.ApiKeyIdClaim), out var id) ? id : Guid.Empty, claims.Identity?.Name ?? "",
                principal.TenantOfKey ?? Guid.Empty, (claims.FindFirstValue(PrincipalAccess.ApiKeyScopesClaim) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
            return TypedResults.Ok(new Me(null, null, false, [], key));
        }

        var user = await principal.GetUserAsync(ct);
        return TypedResults.Ok(new Me(user?.Id, user?.Email, user?.TwoFactorEnabled ?? false,
            access.Assignments.Select(a => new MeRole(a.Role, a.TenantId, a.ResellerId)).ToList()));
    }

    private static async Task<Ok<IReadOnlyList<TenantMember>>> ListAsync(CurrentTenant current, UserCommands users, CancellationToken ct) =>
        TypedResults.Ok(await users.MembersAsync(current.Required.Id, ct));

    private static async Task<OrProblem<Ok<Granted>, ValidationProblem, ForbiddenProblem>> GrantAsync(
        GrantInput input, CurrentTenant current, PrincipalAccess principal, UserCommands users, CancellationToken ct)
    {
        if (!Enum.TryParse<Role>(input.Role, ignoreCase: false, out var role) || !RolePermissions.IsTenantRole(role))
        {
            return InvalidInput.For("role", "'role' must be one of PrivacyOfficer, Agent, Auditor, CustomerAdmin.");
        }

        var granted = await users.GrantAsync(await principal.GetAsync(ct), principal.Actor, input.Email, role, current.Required, null, ct);
        return granted.Succeeded
            ? TypedResults.Ok(new Granted(granted.Value.User.Id, granted.Value.User.Email, role, granted.Value.OneTimePassword))
            : granted.Failure;
    }

    private static async Task<OrProblem<NoContent, ValidationProblem, ForbiddenProblem, NotFoundProblem>> RevokeAsync(
        string userId, string role, CurrentTenant current, PrincipalAccess principal, UserCommands users, CancellationToken ct)
    {
        if (!Enum.TryParse<Role>(role, ignoreCase: false, out var parsed))
        {
            return InvalidInput.For("role", $"'{role}' is not a role.");
        }

        var revoked = await users.RevokeAsync(await principal.GetAsync(ct), principal.Actor, current.Required, userId, parsed, ct);
        return revoked.Succeeded ? TypedResults.NoContent() : revoked.Failure;
    }

    /// <summary>A person has <see cref="UserId"/> and roles; an API key has <see cref="ApiKey"/> and no roles.</summary>
    public sealed record Me(string? UserId, string? Email, bool TwoFactorEnabled, IReadOnlyList<MeRole> Roles, MeKey? ApiKey = null);

    public sealed record MeKey(Guid Id, string Name, Guid TenantId, IReadOnlyList<string> Scopes);

    public sealed record MeRole(Role Role, Guid? TenantId, Guid? ResellerId);

    /// <summary>The body of a role grant; <c>role</c> is a tenant role's name.</summary>
    public sealed record GrantInput(string? Email, string? Role);

    /// <summary><see cref="OneTimePassword"/> is present only when the person was created, and is never shown again.</summary>
    public sealed record Granted(string UserId, string? Email, Role Role, string? OneTimePassword);
}
