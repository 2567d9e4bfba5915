using System.Text;
using Lethe.DataMap;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;

namespace Lethe.Web.DataMap;

/// <summary><c>/api/v1/tenants/{tenant}/manifest</c>: the data map as the YAML file a company keeps in git.</summary>
public static class ManifestApi
{
    public const string YamlMediaType = "application/yaml";

    private static readonly string[] AcceptedMediaTypes = [YamlMediaType, "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    public static RouteGroupBuilder MapManifestApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{tenant}/manifest", GetAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("The manifest in force, as YAML; the revision is in the ETag and X-Lethe-Revision headers.")
            .Produces<string>(StatusCodes.Status200OK, YamlMediaType).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/tenants/{tenant}/manifest", PutAsync).RequirePermission(Permission.DataMapEdit)
            .WithSummary("Import a manifest (YAML body) as the next revision; ?dryRun=true only validates it.")
            // No .Accepts<>(): routing would then answer 415 before authorization, to callers who may not even see the tenant.
            .Produces<Imported>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private static async Task<IResult> GetAsync(CurrentTenant current, DataMapCommands dataMap, HttpContext http, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        if (await dataMap.CurrentAsync(tenant, ct) is not { } revision)
        {
            return ProblemResults.From(new Lethe.Common.NotFound("Manifest", tenant.Slug));
        }

        http.Response.Headers.ETag = $"\"{revision.Sha256}\"";
        http.Response.Headers["X-Lethe-Revision"] = revision.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Text(revision.Yaml, YamlMediaType, Encoding.UTF8);
    }

    private static async Task<IResult> PutAsync(
        HttpRequest request, bool? dryRun, CurrentTenant current, PrincipalAccess principal, DataMapCommands dataMap, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !AcceptedMediaTypes.Contains(mediaType))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: $"Send the manifest as YAML with Content-Type: {YamlMediaType}.");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var yaml = await reader.ReadToEndAsync(ct);
        var file = $"{tenant.Slug}.yaml";
        if (dryRun == true)
        {
            var read = dataMap.Read(tenant, yaml, file);
            return read.IsValid ? TypedResults.Ok(new Validated(true, Texts(read.Warnings))) : ProblemResults.From(new InvalidManifest(read.Errors));
        }

        var imported = await dataMap.ImportAsync(tenant, principal.Actor, yaml, file, ct);
        return imported.Succeeded
            ? TypedResults.Ok(new Imported(imported.Value.Revision.Revision, imported.Value.Revision.Sha256, Texts(imported.Value.Warnings)))
            : ProblemResults.From(imported.Failure);
    }

    private static IReadOnlyList<string> Texts(IReadOnlyList<ManifestError> warnings) => warnings.Select(w => w.ToString()).ToList();

    /// <summary><see cref="Warnings"/>: where the manifest is valid but the law says otherwise.</summary>
    public sealed record Imported(int Revision, string Sha256, IReadOnlyList<string> Warnings);

    public sealed record Validated(bool Valid, IReadOnlyList<string> Warnings);
}
