using Lethe.Connectors;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;

namespace Lethe.Web.DataMap;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/datastore-secrets</c>: values the data map names as <c>secret:NAME</c> (connection strings,
/// webhook URLs and secrets). A value goes in and never comes out: the list shows names and when they were set.
/// </summary>
public static class DatastoreSecretsApi
{
    public static RouteGroupBuilder MapDatastoreSecretsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{tenant}/datastore-secrets", ListAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("The names of the tenant's datastore secrets and when each was set; never their values.")
            .Produces<IReadOnlyList<DatastoreSecretInfo>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/tenants/{tenant}/datastore-secrets/{name}", SetAsync).RequirePermission(Permission.DataMapEdit)
            .WithSummary("Set a datastore secret (the data map refers to it as secret:NAME); it is stored encrypted and never shown again.")
            .Produces<DatastoreSecretInfo>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/tenants/{tenant}/datastore-secrets/{name}", RemoveAsync).RequirePermission(Permission.DataMapEdit)
            .WithSummary("Remove a datastore secret; datastores that refer to it stop resolving.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(CurrentTenant current, DatastoreSecrets secrets, CancellationToken ct) =>
        await current.GetAsync(ct) is { } tenant ? TypedResults.Ok(await secrets.ListAsync(tenant, ct)) : ProblemResults.UnknownTenant(current.Slug);

    private static async Task<IResult> SetAsync(
        string name, SecretValue body, CurrentTenant current, PrincipalAccess principal, DatastoreSecrets secrets, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var set = await secrets.SetAsync(tenant, principal.Actor, name, body.Value, ct);
        return set.Succeeded ? TypedResults.Ok(set.Value) : ProblemResults.From(set.Failure);
    }

    private static async Task<IResult> RemoveAsync(string name, CurrentTenant current, PrincipalAccess principal, DatastoreSecrets secrets, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var removed = await secrets.RemoveAsync(tenant, principal.Actor, name, ct);
        return removed.Succeeded ? TypedResults.NoContent() : ProblemResults.From(removed.Failure);
    }

    /// <summary>The body of a PUT: the value alone, so it never sits in a URL or a log line.</summary>
    public sealed record SecretValue(string? Value);
}
