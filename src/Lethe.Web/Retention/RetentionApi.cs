using System.Globalization;
using Lethe.Execution;
using Lethe.Retention;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Retention;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/retention</c>: the plan (what is due now, in the next 30 days, and held), the runs with
/// their reports, starting a run now, and legal holds. A hold's identities are never returned: they are personal data.
/// </summary>
public static class RetentionApi
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/retention/plan", PlanAsync).RequirePermission(Permission.RetentionRead)
            .WithSummary("Per retention rule: rows due now, due in the next 30 days, held and still referenced, counted in the datastores without changing anything.");
        tenant.MapGet("/retention/runs", RunsAsync).RequirePermission(Permission.RetentionRead)
            .WithSummary("Retention runs, newest first, each with its per-rule report: rows deleted, anonymized, held, files, duration and errors.");
        tenant.MapPost("/retention/runs", StartAsync).RequirePermission(Permission.RetentionManage)
            .WithSummary("Start a run now (or return the run still open); the worker carries it out in batches.");
        tenant.MapGet("/retention/holds", HoldsAsync).RequirePermission(Permission.RetentionRead)
            .WithSummary("Legal holds, newest first.");
        tenant.MapPost("/retention/holds", PlaceAsync).RequirePermission(Permission.RetentionManage)
            .WithSummary("Place a legal hold on the tenant, a collection (system.datastore.collection) or a person (identities); retention skips and counts what it covers.");
        tenant.MapPost("/retention/holds/{id:guid}/release", ReleaseAsync).RequirePermission(Permission.RetentionManage)
            .WithSummary("End a legal hold now.");
        return api;
    }

    private static async Task<OrProblem<Ok<RetentionPlan>, NotFoundProblem>> PlanAsync(CurrentTenant current, RetentionCommands retention, CancellationToken ct)
    {
        var plan = await retention.PlanAsync(current.Required, ct);
        return plan.Succeeded ? TypedResults.Ok(plan.Value) : plan.Failure;
    }

    private static async Task<Ok<List<RunView>>> RunsAsync(CurrentTenant current, RetentionCommands retention, CancellationToken ct) =>
        TypedResults.Ok((await retention.RunsAsync(current.Required, 50, ct)).Select(RunView.Of).ToList());

    private static async Task<OrProblem<Accepted<RunView>, NotFoundProblem>> StartAsync(
        CurrentTenant current, PrincipalAccess principal, RetentionRunner runner, RetentionCommands retention, CancellationToken ct)
    {
        var tenant = current.Required;
        if (await runner.StartAsync(tenant, principal.Actor.Name ?? principal.Actor.Kind, ct) is not { } run)
        {
            return new Lethe.Common.NotFound("Data map", tenant.Slug);
        }

        // The run was just started or resumed for this very tenant, so it is there.
        var view = (await retention.RunAsync(tenant, run.Id, ct))!;
        return TypedResults.Accepted($"/api/v1/tenants/{tenant.Slug}/retention/runs", RunView.Of(view));
    }

    private static async Task<Ok<List<HoldView>>> HoldsAsync(CurrentTenant current, RetentionCommands retention, CancellationToken ct) =>
        TypedResults.Ok((await retention.HoldsAsync(current.Required, ct)).Select(HoldView.Of).ToList());

    private static async Task<OrProblem<Created<HoldView>, ValidationProblem>> PlaceAsync(
        NewHold body, CurrentTenant current, PrincipalAccess principal, RetentionCommands retention, CancellationToken ct)
    {
        DateOnly? until = null;
        if (body.Until is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Lethe.Common.InvalidInput.For("until", $"Give the last day of the hold as yyyy-MM-dd; '{Shorten(text)}' is not.");
            }

            until = day;
        }

        var tenant = current.Required;
        var input = new HoldInput(body.Scope ?? "", body.Reason ?? "", until, body.Collection,
            body.Identities?.Select(i => new Identity(i.Type ?? "", i.Value ?? "")).ToList());
        var placed = await retention.AddHoldAsync(tenant, principal.Actor, input, ct);
        return placed.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/retention/holds", HoldView.Of(placed.Value))
            : placed.Failure;
    }

    private static async Task<OrProblem<Ok<HoldView>, NotFoundProblem, ConflictProblem>> ReleaseAsync(
        Guid id, CurrentTenant current, PrincipalAccess principal, RetentionCommands retention, CancellationToken ct)
    {
        var released = await retention.ReleaseHoldAsync(current.Required, principal.Actor, id, ct);
        return released.Succeeded ? TypedResults.Ok(HoldView.Of(released.Value)) : released.Failure;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    public sealed record NewHold(string? Scope, string? Reason, string? Until, string? Collection, IReadOnlyList<NewHoldIdentity>? Identities);

    public sealed record NewHoldIdentity(string? Type, string? Value);

    public sealed record HoldView(Guid Id, string Scope, string? Collection, string Reason, DateOnly? Until, DateTime CreatedAt, string? CreatedBy, DateTime? ReleasedAt)
    {
        public static HoldView Of(RetentionHold h) => new(h.Id, h.Scope, h.Collection, h.Reason, h.Until, h.CreatedAt, h.CreatedBy, h.ReleasedAt);
    }

    public sealed record RunView(
        Guid Id, DateOnly Day, DateTime StartedAt, DateTime? FinishedAt, string? StartedBy, long Deleted, long Anonymized, long Held, int Errors, IReadOnlyList<RuleView> Rules)
    {
        public static RunView Of(RetentionRunView v) => new(v.Run.Id, v.Run.Day, v.Run.StartedAt, v.Run.FinishedAt, v.Run.StartedBy,
            v.Run.Deleted, v.Run.Anonymized, v.Run.Held, v.Run.Errors, v.Rules.Select(RuleView.Of).ToList());
    }

    public sealed record RuleView(
        string Rule, string Collection, string Action, DateOnly Cutoff, long Deleted, long Anonymized, long Held, long Referenced, long Files,
        int Batches, double Seconds, bool Done, string? Error)
    {
        public static RuleView Of(RetentionProgress p) =>
            new(p.Rule, p.Collection, p.Action, p.Cutoff, p.Deleted, p.Anonymized, p.Held, p.Referenced, p.Files, p.Batches, Math.Round(p.Seconds, 3), p.Done, p.Error);
    }
}
