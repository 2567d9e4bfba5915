using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Tenancy;

/// <summary><c>/api/v1/tenants</c>: the tenants a principal reaches, creating and editing them.</summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants", ListAsync).RequirePermission(Permission.ConsoleAccess)
            .WithSummary("The tenants you can see.").Produces<List<TenantView>>();
        api.MapPost("/tenants", CreateAsync).RequirePermission(Permission.TenantCreate)
            .WithSummary("Create a tenant (platform admin, or reseller admin under their reseller).")
            .Produces<TenantView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/tenants/{tenant}", GetAsync).RequirePermission(Permission.TenantRead)
            .WithSummary("One tenant.").Produces<TenantView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/tenants/{tenant}", UpdateAsync).RequirePermission(Permission.TenantEdit)
            .WithSummary("Change a tenant's details (the slug stays).").Produces<TenantView>().ProducesValidationProblem();

        api.MapGet("/resellers", ListResellersAsync).RequirePermission(Permission.PlatformAdminister)
            .WithSummary("All resellers.").Produces<List<Reseller>>();
        api.MapPost("/resellers", CreateResellerAsync).RequirePermission(Permission.PlatformAdminister)
            .WithSummary("Register a reseller.").Produces<Reseller>(StatusCodes.Status201Created).ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> ListAsync(PrincipalAccess principal, TenantCommands tenants, CancellationToken ct) =>
        TypedResults.Ok((await tenants.Visible(await principal.GetAsync(ct)).AsNoTracking().ToListAsync(ct)).Select(TenantView.Of).ToList());

    private static async Task<IResult> CreateAsync(TenantInput input, PrincipalAccess principal, TenantCommands tenants, CancellationToken ct)
    {
        var created = await tenants.CreateAsync(await principal.GetAsync(ct), principal.Actor, input, ct);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{created.Value.Slug}", TenantView.Of(created.Value))
            : ProblemResults.From(created.Failure);
    }

    private static async Task<IResult> GetAsync(CurrentTenant current, CancellationToken ct) =>
        await current.GetAsync(ct) is { } tenant ? TypedResults.Ok(TenantView.Of(tenant)) : ProblemResults.UnknownTenant(current.Slug);

    private static async Task<IResult> UpdateAsync(TenantInput input, CurrentTenant current, PrincipalAccess principal, TenantCommands tenants, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var updated = await tenants.UpdateAsync(tenant, principal.Actor, input, ct);
        return updated.Succeeded ? TypedResults.Ok(TenantView.Of(updated.Value)) : ProblemResults.From(updated.Failure);
    }

    private static async Task<IResult> ListResellersAsync(Lethe.Storage.LetheDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Resellers.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct));

    private static async Task<IResult> CreateResellerAsync(ResellerInput input, PrincipalAccess principal, ResellerCommands resellers, CancellationToken ct)
    {
        var created = await resellers.CreateAsync(principal.Actor, input.Name, input.ContactEmail, ct);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/resellers/{created.Value.Id}", created.Value)
            : ProblemResults.From(created.Failure);
    }

    /// <summary>The body of <c>POST /api/v1/resellers</c>.</summary>
    public sealed record ResellerInput(string? Name, string? ContactEmail);
}
