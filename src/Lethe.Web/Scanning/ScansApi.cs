using System.Text.Json;
using Lethe.Scanning;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Scanning;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/scans</c>: start a scan of the tenant's SQL datastores for personal data, read its
/// progress and findings (where and how many, never the values) with the suggested change to the data map, and mask
/// what a finding found after a dry run.
/// </summary>
public static class ScansApi
{
    public static RouteGroupBuilder MapScansApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapPost("/scans", StartAsync).RequirePermission(Permission.ScanManage)
            .WithSummary("Start a scan of every text column of the tenant's postgres and sqlite datastores (or one, or a sample per table); the worker carries it out.");
        tenant.MapGet("/scans/{id:guid}", FindAsync).RequirePermission(Permission.ScanRead)
            .WithSummary("A scan's progress per table and its findings: datastore, table, column, kind, confidence, counts and example row keys — never a value — with the suggested data-map change.");
        tenant.MapPost("/scans/{id:guid}/findings/{finding:guid}/mask", MaskAsync).RequirePermission(Permission.ScanManage)
            .WithSummary("Mask what a finding found, in place, with a mark such as [cpr removed]; a dry run (counts only) unless dryRun=false.");
        return api;
    }

    private static async Task<OrProblem<Accepted<ScanView>, ValidationProblem, NotFoundProblem>> StartAsync(
        NewScan body, CurrentTenant current, PrincipalAccess principal, ScanRunner runner, ScanQueries scans, CancellationToken ct)
    {
        var tenant = current.Required;
        var started = await runner.StartAsync(tenant, principal.Actor, new ScanInput(body.Datastore, body.Sample, body.Parallel ?? ScanInput.DefaultParallel), ct);
        if (!started.Succeeded)
        {
            return started.Failure;
        }

        // Just started for this very tenant, so it is there.
        var report = (await scans.FindAsync(tenant, started.Value.Id, ct))!;
        return TypedResults.Accepted($"/api/v1/tenants/{tenant.Slug}/scans/{started.Value.Id}", ScanView.Of(report));
    }

    private static async Task<OrProblem<Ok<ScanView>, NotFoundProblem>> FindAsync(Guid id, CurrentTenant current, ScanQueries scans, CancellationToken ct) =>
        await scans.FindAsync(current.Required, id, ct) is { } report ? TypedResults.Ok(ScanView.Of(report)) : new Lethe.Common.NotFound("Scan", id.ToString());

    private static async Task<OrProblem<Ok<MaskOutcome>, NotFoundProblem, ConflictProblem, UnavailableProblem>> MaskAsync(
        Guid id, Guid finding, CurrentTenant current, PrincipalAccess principal, ScanMasking masking, CancellationToken ct, bool dryRun = true)
    {
        var masked = await masking.MaskAsync(current.Required, principal.Actor, id, finding, dryRun, ct);
        return masked.Succeeded ? TypedResults.Ok(masked.Value) : masked.Failure;
    }

    public sealed record NewScan(string? Datastore, int? Sample, int? Parallel);

    public sealed record ScanView(
        Guid Id, DateTime StartedAt, DateTime? FinishedAt, string? StartedBy, string? Datastore, int? Sample, int Parallel, long Rows, long Bytes, long EstimatedRows,
        IReadOnlyList<TableView> Tables, IReadOnlyList<FindingView> Findings)
    {
        public static ScanView Of(ScanReport r) => new(r.Run.Id, r.Run.StartedAt, r.Run.FinishedAt, r.Run.StartedBy, r.Run.Datastore, r.Run.Sample, r.Run.Parallel,
            r.Rows, r.Bytes, r.EstimatedRows, r.Tables.Select(TableView.Of).ToList(), r.Findings.Select(FindingView.Of).ToList());
    }

    public sealed record TableView(string Datastore, string Table, long? EstimatedRows, long Rows, long Bytes, double Seconds, bool Done, string? Error)
    {
        public static TableView Of(ScanTable t) => new(t.Datastore, t.Table, t.EstimatedRows, t.Rows, t.Bytes, Math.Round(t.Seconds, 3), t.Done, t.Error);
    }

    public sealed record FindingView(
        Guid Id, string Datastore, string Table, string Column, DetectorKind Kind, Confidence Confidence, long Matches, long Rows,
        IReadOnlyList<string> ExampleKeys, bool Described, string? Category, ScanAdvice Advice, string Suggestion)
    {
        public static FindingView Of(ScanFinding f) => new(f.Id, f.Datastore, f.Table, f.Column, f.Kind, f.Confidence, f.Matches, f.Rows,
            JsonSerializer.Deserialize<List<string>>(f.ExampleKeys) ?? [], f.Described, f.Category, ScanSuggestion.AdviceFor(f), ScanSuggestion.Say(f, "en"));
    }
}
