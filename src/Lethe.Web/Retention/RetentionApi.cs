using System.Globalization;
using Lethe.Execution;
using Lethe.Retention;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;

namespace Lethe.Web.Retention;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/retention</c>: the plan (what is due now, in the next 30 days, and held), the runs with
/// their reports, starting a run now, and legal holds. A hold's identities are never returned: they are personal data.
/// </summary>
public static class RetentionApi
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{tenant}/retention/plan", PlanAsync).RequirePermission(Permission.RetentionRead)
            .WithSummary("Per retention rule: rows due now, due in the next 30 days, held and still referenced, counted in the datastores without changing anything.")
            .Produces<RetentionPlan>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/tenants/{tenant}/retention/runs", RunsAsync).RequirePermission(Permission.RetentionRead)
            .WithSummary("Retention runs, newest first, each with its per-rule report: rows deleted, anonymized, held, files, duration and errors.")
            .Produces<List<RunView>>();
        api.MapPost("/tenants/{tenant}/retention/runs", StartAsync).RequirePermission(Permission.RetentionManage)
            .WithSummary("Start a run now (or return the run still open); the worker carries it out in batches.")
            .Produces<RunView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/tenants/{tenant}/retention/holds", HoldsAsync).RequirePermission(Permission.RetentionRead)
            .WithSummary("Legal holds, newest first.").Produces<List<HoldView>>();
        api.MapPost("/tenants/{tenant}/retention/holds", PlaceAsync).RequirePermission(Permission.RetentionManage)
            .WithSummary("Place a legal hold on the tenant, a collection (system.datastore.collection) or a person (identities); retention skips and counts what it covers.")
            .Produces<HoldView>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapPost("/tenants/{tenant}/retention/holds/{id:guid}/release", ReleaseAsync).RequirePermission(Permission.RetentionManage)
            .WithSummary("End a legal hold now.").Produces<HoldView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> PlanAsync(CurrentTenant current, RetentionCommands retention, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var plan = await retention.PlanAsync(tenant, ct);
        return plan.Succeeded ? TypedResults.Ok(plan.Value) : ProblemResults.From(plan.Failure);
    }

    private static async Task<IResult> RunsAsync(CurrentTenant current, RetentionCommands retention, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        return TypedResults.Ok((await retention.RunsAsync(tenant, 50, ct)).Select(RunView.Of).ToList());
    }

    private static async Task<IResult> StartAsync(CurrentTenant current, PrincipalAccess principal, RetentionRunner runner, RetentionCommands retention, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        if (await runner.StartAsync(tenant, principal.Actor.Name ?? principal.Actor.Kind, ct) is not { } run)
        {
            return ProblemResults.From(new Lethe.Common.NotFound("Data map", tenant.Slug));
        }

        // The run was just started or resumed for this very tenant, so it is there.
        var view = (await retention.RunAsync(tenant, run.Id, ct))!;
        return TypedResults.Accepted($"/api/v1/tenants/{tenant.Slug}/retention/runs", RunView.Of(view));
    }

    private static async Task<IResult> HoldsAsync(CurrentTenant current, RetentionCommands retention, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        return TypedResults.Ok((await retention.HoldsAsync(tenant, ct)).Select(HoldView.Of).ToList());
    }

    private static async Task<IResult> PlaceAsync(NewHold body, CurrentTenant current, PrincipalAccess principal, RetentionCommands retention, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        DateOnly? until = null;
        if (body.Until is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return ProblemResults.From(Lethe.Common.InvalidInput.For("until", $"Give the last day of the hold as yyyy-MM-dd; '{Shorten(text)}' is not."));
            }

            until = day;
        }

        var input = new HoldInput(body.Scope ?? "", body.Reason ?? "", until, body.Collection,
            body.Identities?.Select(i => new Identity(i.Type ?? "", i.Value ?? "")).ToList());
        var placed = await retention.AddHoldAsync(tenant, principal.Actor, input, ct);
        return placed.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/retention/holds", HoldView.Of(placed.Value))
            : ProblemResults.From(placed.Failure);
    }

    private static async Task<IResult> ReleaseAsync(Guid id, CurrentTenant current, PrincipalAccess principal, RetentionCommands retention, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var released = await retention.ReleaseHoldAsync(tenant, principal.Actor, id, ct);
        return released.Succeeded ? TypedResults.Ok(HoldView.Of(released.Value)) : ProblemResults.From(released.Failure);
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
