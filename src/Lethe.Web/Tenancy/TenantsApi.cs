using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Tenancy;

/// <summary><c>/api/v1/tenants</c>: the tenants a principal reaches, creating and editing them.</summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants", ListAsync).RequirePermission(Permission.ConsoleAccess)
            .WithSummary("The tenants you can see.");
        api.MapPost("/tenants", CreateAsync).RequirePermission(Permission.TenantCreate)
            .WithSummary("Create a tenant (platform admin, or reseller admin under their reseller).");
        api.MapGet(TenantRoutes.Prefix, Get).RequireKnownTenant().RequirePermission(Permission.TenantRead)
            .WithSummary("One tenant.");
        api.MapPut(TenantRoutes.Prefix, UpdateAsync).RequireKnownTenant().RequirePermission(Permission.TenantEdit)
            .WithSummary("Change a tenant's details (the slug stays).");

        api.MapGet("/resellers", ListResellersAsync).RequirePermission(Permission.PlatformAdminister)
            .WithSummary("All resellers.");
        api.MapPost("/resellers", CreateResellerAsync).RequirePermission(Permission.PlatformAdminister)
            .WithSummary("Register a reseller.");
        return api;
    }

    private static async Task<Ok<List<TenantView>>> ListAsync(PrincipalAccess principal, TenantCommands tenants, CancellationToken ct) =>
        TypedResults.Ok((await tenants.Visible(await principal.GetAsync(ct)).AsNoTracking().ToListAsync(ct)).Select(TenantView.Of).ToList());

    private static async Task<OrProblem<Created<TenantView>, ValidationProblem, ForbiddenProblem, ConflictProblem>> CreateAsync(
        TenantInput input, PrincipalAccess principal, TenantCommands tenants, CancellationToken ct)
    {
        var created = await tenants.CreateAsync(await principal.GetAsync(ct), principal.Actor, input, ct);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{created.Value.Slug}", TenantView.Of(created.Value))
            : created.Failure;
    }

    private static Ok<TenantView> Get(CurrentTenant current) => TypedResults.Ok(TenantView.Of(current.Required));

    private static async Task<OrProblem<Ok<TenantView>, ValidationProblem>> UpdateAsync(
        TenantInput input, CurrentTenant current, PrincipalAccess principal, TenantCommands tenants, CancellationToken ct)
    {
        var updated = await tenants.UpdateAsync(current.Required, principal.Actor, input, ct);
        return updated.Succeeded ? TypedResults.Ok(TenantView.Of(updated.Value)) : updated.Failure;
    }

    private static async Task<Ok<List<Reseller>>> ListResellersAsync(Lethe.Storage.LetheDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Resellers.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct));

    private static async Task<OrProblem<Created<Reseller>, ValidationProblem>> CreateResellerAsync(
        ResellerInput input, PrincipalAccess principal, ResellerCommands resellers, CancellationToken ct)
    {
        var created = await resellers.CreateAsync(principal.Actor, input.Name, input.ContactEmail, ct);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/resellers/{created.Value.Id}", created.Value)
            : created.Failure;
    }

    /// <summary>The body of <c>POST /api/v1/resellers</c>.</summary>
    public sealed record ResellerInput(string? Name, string? ContactEmail);
}
