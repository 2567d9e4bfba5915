using Lethe.Connectors;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.DataMap;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/datastore-secrets</c>: values the data map names as <c>secret:NAME</c> (connection strings,
/// webhook URLs and secrets). A value goes in and never comes out: the list shows names and when they were set.
/// </summary>
public static class DatastoreSecretsApi
{
    public static RouteGroupBuilder MapDatastoreSecretsApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/datastore-secrets", ListAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("The names of the tenant's datastore secrets and when each was set; never their values.");
        tenant.MapPut("/datastore-secrets/{name}", SetAsync).RequirePermission(Permission.DataMapEdit)
            .WithSummary("Set a datastore secret (the data map refers to it as secret:NAME); it is stored encrypted and never shown again.");
        tenant.MapDelete("/datastore-secrets/{name}", RemoveAsync).RequirePermission(Permission.DataMapEdit)
            .WithSummary("Remove a datastore secret; datastores that refer to it stop resolving.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<DatastoreSecretInfo>>> ListAsync(CurrentTenant current, DatastoreSecrets secrets, CancellationToken ct) =>
        TypedResults.Ok(await secrets.ListAsync(current.Required, ct));

    private static async Task<OrProblem<Ok<DatastoreSecretInfo>, ValidationProblem>> SetAsync(
        string name, SecretValue body, CurrentTenant current, PrincipalAccess principal, DatastoreSecrets secrets, CancellationToken ct)
    {
        var set = await secrets.SetAsync(current.Required, principal.Actor, name, body.Value, ct);
        return set.Succeeded ? TypedResults.Ok(set.Value) : set.Failure;
    }

    private static async Task<OrProblem<NoContent, NotFoundProblem>> RemoveAsync(
        string name, CurrentTenant current, PrincipalAccess principal, DatastoreSecrets secrets, CancellationToken ct)
    {
        var removed = await secrets.RemoveAsync(current.Required, principal.Actor, name, ct);
        return removed.Succeeded ? TypedResults.NoContent() : removed.Failure;
    }

    /// <summary>The body of a PUT: the value alone, so it never sits in a URL or a log line.</summary>
    public sealed record SecretValue(string? Value);
}
