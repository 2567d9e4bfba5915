using System.Text;
using Lethe.DataMap;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.DataMap;

/// <summary><c>/api/v1/tenants/{tenant}/manifest</c>: the data map as the YAML file a company keeps in git.</summary>
public static class ManifestApi
{
    public const string YamlMediaType = "application/yaml";

    private static readonly string[] AcceptedMediaTypes = [YamlMediaType, "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    public static RouteGroupBuilder MapManifestApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/manifest", GetAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("The manifest in force, as YAML; the revision is in the ETag and X-Lethe-Revision headers.")
            .Produces<string>(StatusCodes.Status200OK, YamlMediaType);
        tenant.MapPut("/manifest", PutAsync).RequirePermission(Permission.DataMapEdit)
            // No .Accepts<>(): routing would then answer 415 before authorization, to callers who may not even see the tenant.
            .WithSummary("Import a manifest (YAML body) as the next revision; ?dryRun=true only validates it and lists what it would change.");
        return api;
    }

    private static async Task<OrProblem<ContentHttpResult, NotFoundProblem>> GetAsync(
        CurrentTenant current, DataMapCommands dataMap, HttpContext http, CancellationToken ct)
    {
        var tenant = current.Required;
        if (await dataMap.CurrentAsync(tenant, ct) is not { } revision)
        {
            return new Lethe.Common.NotFound("Manifest", tenant.Slug);
        }

        http.Response.Headers.ETag = $"\"{revision.Sha256}\"";
        http.Response.Headers["X-Lethe-Revision"] = revision.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Text(revision.Yaml, YamlMediaType, Encoding.UTF8);
    }

    private static async Task<OrProblem<Results<Ok<Imported>, Ok<Validated>>, BadRequestProblem, UnsupportedMediaTypeProblem>> PutAsync(
        HttpRequest request, bool? dryRun, CurrentTenant current, PrincipalAccess principal, DataMapCommands dataMap, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !AcceptedMediaTypes.Contains(mediaType))
        {
            return new UnsupportedMediaTypeProblem("Unsupported media type.", $"Send the manifest as YAML with Content-Type: {YamlMediaType}.");
        }

        var tenant = current.Required;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var yaml = await reader.ReadToEndAsync(ct);
        var file = $"{tenant.Slug}.yaml";
        if (dryRun == true)
        {
            var preview = await dataMap.PreviewAsync(tenant, yaml, file, ct);
            return preview.Succeeded
                ? (Results<Ok<Imported>, Ok<Validated>>)TypedResults.Ok(new Validated(true, Texts(preview.Value.Warnings), preview.Value.AgainstRevision, preview.Value.Changes))
                : preview.Failure;
        }

        var imported = await dataMap.ImportAsync(tenant, principal.Actor, yaml, file, ct);
        return imported.Succeeded
            ? (Results<Ok<Imported>, Ok<Validated>>)TypedResults.Ok(new Imported(imported.Value.Revision.Revision, imported.Value.Revision.Sha256, Texts(imported.Value.Warnings)))
            : imported.Failure;
    }

    private static IReadOnlyList<string> Texts(IReadOnlyList<ManifestError> warnings) => warnings.Select(w => w.ToString()).ToList();

    /// <summary><see cref="Warnings"/>: where the manifest is valid but the law says otherwise.</summary>
    public sealed record Imported(int Revision, string Sha256, IReadOnlyList<string> Warnings);

    /// <summary>A dry run: valid, the law's warnings, and what importing would change against <see cref="AgainstRevision"/> (0: none in force).</summary>
    public sealed record Validated(bool Valid, IReadOnlyList<string> Warnings, int AgainstRevision, IReadOnlyList<ManifestChange> Changes);
}
