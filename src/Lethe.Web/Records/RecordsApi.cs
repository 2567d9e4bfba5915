using Lethe.Records;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Records;

/// <summary><c>/api/v1/tenants/{tenant}/records/{record}</c>: the Art. 30 records as CSV, XLSX or JSON.</summary>
public static class RecordsApi
{
    public static RouteGroupBuilder MapRecordsApi(this RouteGroupBuilder api)
    {
        api.MapTenantGroup().MapGet("/records/{record}", GetAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("The record of processing activities: record = controller (Art. 30(1)) or processor (Art. 30(2)); format = csv, xlsx or json; language = en, da or nb.")
            .Produces(StatusCodes.Status200OK);
        return api;
    }

    private static async Task<OrProblem<FileContentHttpResult, ValidationProblem, NotFoundProblem>> GetAsync(
        string record, string? format, string? language, CurrentTenant current, RecordCommands records, CancellationToken ct)
    {
        var fmt = format ?? "csv";
        if (!RecordExport.Formats.Contains(fmt))
        {
            return Lethe.Common.InvalidInput.For("format", $"'{format}' is not a format; use csv, xlsx or json.");
        }

        var tenant = current.Required;
        var built = await records.BuildAsync(tenant, record, language, ct);
        if (!built.Succeeded)
        {
            return built.Failure;
        }

        var fileName = $"{tenant.Slug}-art30-{record}-{built.Value.Language}.{fmt}";
        return TypedResults.File(RecordExport.Render(built.Value, fmt), RecordExport.ContentType(fmt), fileName);
    }
}
