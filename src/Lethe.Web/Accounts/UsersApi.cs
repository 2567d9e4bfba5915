using Lethe.Accounts;
using Lethe.Common;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;

namespace Lethe.Web.Accounts;

/// <summary><c>/api/v1/me</c> and <c>/api/v1/tenants/{tenant}/users</c>: people and their roles in a tenant.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", MeAsync).RequirePermission(Permission.ConsoleAccess)
            .WithSummary("Who you are and which roles you hold.").Produces<Me>();
        api.MapGet("/tenants/{tenant}/users", ListAsync).RequirePermission(Permission.UsersRead)
            .WithSummary("People with a role in the tenant.").Produces<IReadOnlyList<TenantMember>>();
        api.MapPost("/tenants/{tenant}/users", GrantAsync).RequirePermission(Permission.UsersManage)
            .WithSummary("Grant a role to a person, creating them with a one-time password if they are new.")
            .Produces<Granted>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapDelete("/tenants/{tenant}/users/{userId}/roles/{role}", RevokeAsync).RequirePermission(Permission.UsersManage)
            .WithSummary("Revoke one role from a person.").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> MeAsync(PrincipalAccess principal, CancellationToken ct)
    {
        var access = await principal.GetAsync(ct);
        var user = await principal.GetUserAsync(ct);
        return TypedResults.Ok(new Me(user?.Id, user?.Email, user?.TwoFactorEnabled ?? false,
            access.Assignments.Select(a => new MeRole(a.Role, a.TenantId, a.ResellerId)).ToList()));
    }

    private static async Task<IResult> ListAsync(CurrentTenant current, UserCommands users, CancellationToken ct) =>
        await current.GetAsync(ct) is { } tenant ? TypedResults.Ok(await users.MembersAsync(tenant.Id, ct)) : ProblemResults.UnknownTenant(current.Slug);

    private static async Task<IResult> GrantAsync(GrantInput input, CurrentTenant current, PrincipalAccess principal, UserCommands users, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        if (!Enum.TryParse<Role>(input.Role, ignoreCase: false, out var role) || !RolePermissions.IsTenantRole(role))
        {
            return ProblemResults.From(InvalidInput.For("role", "'role' must be one of PrivacyOfficer, Agent, Auditor, CustomerAdmin."));
        }

        var granted = await users.GrantAsync(await principal.GetAsync(ct), principal.Actor, input.Email, role, tenant, null, ct);
        return granted.Succeeded
            ? TypedResults.Ok(new Granted(granted.Value.User.Id, granted.Value.User.Email, role, granted.Value.OneTimePassword))
            : ProblemResults.From(granted.Failure);
    }

    private static async Task<IResult> RevokeAsync(
        string userId, string role, CurrentTenant current, PrincipalAccess principal, UserCommands users, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        if (!Enum.TryParse<Role>(role, ignoreCase: false, out var parsed))
        {
            return ProblemResults.From(InvalidInput.For("role", $"'{role}' is not a role."));
        }

        var revoked = await users.RevokeAsync(await principal.GetAsync(ct), principal.Actor, tenant, userId, parsed, ct);
        return revoked.Succeeded ? TypedResults.NoContent() : ProblemResults.From(revoked.Failure);
    }

    public sealed record Me(string? UserId, string? Email, bool TwoFactorEnabled, IReadOnlyList<MeRole> Roles);

    public sealed record MeRole(Role Role, Guid? TenantId, Guid? ResellerId);

    /// <summary>The body of a role grant; <c>role</c> is a tenant role's name.</summary>
    public sealed record GrantInput(string? Email, string? Role);

    /// <summary><see cref="OneTimePassword"/> is present only when the person was created, and is never shown again.</summary>
    public sealed record Granted(string UserId, string? Email, Role Role, string? OneTimePassword);
}
