using Lethe.Calendar;
using Lethe.Common;
using Lethe.Reviews;
using Lethe.RiskAssessments;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Calendar;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/calendar</c>, <c>…/reviews</c> and <c>…/risk-assessments</c>: the compliance calendar's
/// duties, the half-yearly review (start, decide each item, complete, the printable report) and the risk assessment
/// of each system with its DPIA warning. Changes are audited.
/// </summary>
public static class CalendarApi
{
    public static RouteGroupBuilder MapCalendarApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/calendar", CalendarAsync).RequirePermission(Permission.ReviewRead)
            .WithSummary("The recurring duties (half-yearly review, risk assessment per system, notice review), each with its owner, due date and state, the most urgent first.");
        tenant.MapPut("/calendar/{duty}/owner", AssignAsync).RequirePermission(Permission.ReviewManage)
            .WithSummary("Give a duty (by its id, e.g. risk-assessment:crm) to one person, a member of the tenant who may carry out reviews; an empty owner gives it back to the privacy officers.");
        tenant.MapGet("/reviews", ListAsync).RequirePermission(Permission.ReviewRead)
            .WithSummary("The half-yearly reviews, newest first.");
        tenant.MapPost("/reviews", StartAsync).RequirePermission(Permission.ReviewManage)
            .WithSummary("Start a half-yearly review: a checklist of every system, activity, retention rule and processor of the data map in force, open scanner findings and failed jobs.");
        tenant.MapGet("/reviews/{id:guid}", GetAsync).RequirePermission(Permission.ReviewRead)
            .WithSummary("One review with its checklist and each item's decision.");
        tenant.MapPost("/reviews/{id:guid}/items/{item}", DecideAsync).RequirePermission(Permission.ReviewManage)
            .WithSummary("Confirm an item (by its position or its kind:key, e.g. system:crm) or record that it was changed, with a note saying how.");
        tenant.MapPost("/reviews/{id:guid}/complete", CompleteAsync).RequirePermission(Permission.ReviewManage)
            .WithSummary("Complete the review once every item is decided; it is kept unchanged as evidence.");
        tenant.MapGet("/reviews/{id:guid}/report", ReportAsync).RequirePermission(Permission.ReviewRead)
            .WithSummary("The review as a printable HTML report (?language=en|da|nb; the tenant's own language by default).")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        tenant.MapGet("/risk-assessments", RisksAsync).RequirePermission(Permission.ReviewRead)
            .WithSummary("Every system of the data map with its latest risk assessment and what in the data map suggests a DPIA.");
        tenant.MapGet("/risk-assessments/{system}", HistoryAsync).RequirePermission(Permission.ReviewRead)
            .WithSummary("A system's risk assessments, newest first.");
        tenant.MapPost("/risk-assessments/{system}", AssessAsync).RequirePermission(Permission.ReviewManage)
            .WithSummary("Assess a system: likelihood and impact (1–4) before and after the measures in place, with the reasons.");
        return api;
    }

    private static async Task<Ok<List<DutyView>>> CalendarAsync(CurrentTenant current, CalendarQueries calendar, CancellationToken ct) =>
        TypedResults.Ok((await calendar.ForTenantAsync(current.Required, ct)).Select(DutyView.Of).ToList());

    private static async Task<OrProblem<Ok<DutyView>, ValidationProblem, NotFoundProblem, ConflictProblem>> AssignAsync(
        string duty, DutyOwnerInput body, CurrentTenant current, PrincipalAccess principal, DutyAssignments assignments, CancellationToken ct)
    {
        var assigned = await assignments.AssignAsync(current.Required, principal.Actor, duty, body.Owner, ct);
        return assigned.Succeeded ? TypedResults.Ok(DutyView.Of(assigned.Value)) : assigned.Failure;
    }

    private static async Task<Ok<List<ReviewSummary>>> ListAsync(CurrentTenant current, ReviewCommands reviews, CancellationToken ct) =>
        TypedResults.Ok((await reviews.ListAsync(current.Required, ct)).Select(ReviewSummary.Of).ToList());

    private static async Task<OrProblem<Created<ReviewDetails>, ConflictProblem>> StartAsync(
        CurrentTenant current, PrincipalAccess principal, ReviewCommands reviews, CancellationToken ct)
    {
        var tenant = current.Required;
        var started = await reviews.StartAsync(tenant, principal.Actor, ct);
        return started.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/reviews/{started.Value.Review.Id}", ReviewDetails.Of(started.Value))
            : started.Failure;
    }

    private static async Task<OrProblem<Ok<ReviewDetails>, NotFoundProblem>> GetAsync(Guid id, CurrentTenant current, ReviewCommands reviews, CancellationToken ct)
    {
        var view = await reviews.GetAsync(current.Required, id, ct);
        return view.Succeeded ? TypedResults.Ok(ReviewDetails.Of(view.Value)) : view.Failure;
    }

    private static async Task<OrProblem<Ok<ItemView>, ValidationProblem, NotFoundProblem, ConflictProblem>> DecideAsync(
        Guid id, string item, DecisionInput body, CurrentTenant current, PrincipalAccess principal, ReviewCommands reviews, CancellationToken ct)
    {
        if (!WireNames.TryParse<ItemDecision>(body.Decision, out var decision) || decision == ItemDecision.Open)
        {
            return InvalidInput.For("decision", "Use confirmed or changed.");
        }

        var decided = await reviews.DecideAsync(current.Required, principal.Actor, id, item, decision, body.Note, ct);
        return decided.Succeeded ? TypedResults.Ok(ItemView.Of(decided.Value)) : decided.Failure;
    }

    private static async Task<OrProblem<Ok<ReviewDetails>, ValidationProblem, NotFoundProblem, ConflictProblem>> CompleteAsync(
        Guid id, Completion body, CurrentTenant current, PrincipalAccess principal, ReviewCommands reviews, CancellationToken ct)
    {
        var completed = await reviews.CompleteAsync(current.Required, principal.Actor, id, body.Summary, ct);
        return completed.Succeeded ? TypedResults.Ok(ReviewDetails.Of(completed.Value)) : completed.Failure;
    }

    private static async Task<OrProblem<ContentHttpResult, NotFoundProblem>> ReportAsync(
        Guid id, string? language, CurrentTenant current, ReviewCommands reviews, HttpContext http, CancellationToken ct)
    {
        var tenant = current.Required;
        var view = await reviews.GetAsync(tenant, id, ct);
        Hosting.SecurityHeaders.AllowInlineStyle(http, ReviewReport.StyleHash);
        return view.Succeeded
            ? TypedResults.Text(ReviewReport.Html(view.Value, tenant, language ?? ReviewReport.LanguageFor(tenant.Country)), "text/html; charset=utf-8")
            : view.Failure;
    }

    private static async Task<Ok<List<SystemRiskView>>> RisksAsync(CurrentTenant current, RiskCommands risks, CancellationToken ct) =>
        TypedResults.Ok((await risks.OverviewAsync(current.Required, "en", ct)).Select(SystemRiskView.Of).ToList());

    private static async Task<OrProblem<Ok<List<AssessmentView>>, NotFoundProblem>> HistoryAsync(string system, CurrentTenant current, RiskCommands risks, CancellationToken ct) =>
        await risks.HistoryAsync(current.Required, system, ct) is { } history
            ? TypedResults.Ok(history.Select(AssessmentView.Of).ToList())
            : new Lethe.Common.NotFound("System", system);

    private static async Task<OrProblem<Created<AssessmentView>, ValidationProblem, NotFoundProblem>> AssessAsync(
        string system, Assessment body, CurrentTenant current, PrincipalAccess principal, RiskCommands risks, CancellationToken ct)
    {
        var tenant = current.Required;
        var assessed = await risks.AssessAsync(tenant, principal.Actor, system,
            new RiskInput(body.Likelihood, body.Impact, body.ResidualLikelihood, body.ResidualImpact, body.Reasons, body.OtherMeasures), ct);
        return assessed.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/risk-assessments/{system}", AssessmentView.Of(assessed.Value))
            : assessed.Failure;
    }

    /// <param name="Owner">The e-mail address of the person the duty is given to; empty or null: back to the privacy officers.</param>
    public sealed record DutyOwnerInput(string? Owner);

    public sealed record DecisionInput(string? Decision, string? Note);

    public sealed record Completion(string? Summary);

    public sealed record Assessment(int? Likelihood, int? Impact, int? ResidualLikelihood, int? ResidualImpact, string? Reasons, string? OtherMeasures);

    /// <summary>A duty; the owner is a role or a user, never both.</summary>
    /// <param name="OwnerAssigned">Whether the owner was given the duty by hand (PUT …/calendar/{duty}/owner) rather than named by the calendar.</param>
    public sealed record DutyView(string Id, DutyKind Kind, string? Subject, string? OwnerRole, string? OwnerUser, bool OwnerAssigned, DateOnly DueOn, DateOnly? LastDoneOn, string State, int DaysLeft)
    {
        public static DutyView Of(ScheduledDuty d) => new(d.Duty.Id, d.Duty.Kind, d.Duty.Subject, d.Duty.Owner.Role?.ToString(), d.Duty.Owner.User, d.Duty.Owner.ByHand,
            d.Duty.DueOn, d.Duty.LastDoneOn, d.State.ToString().ToLowerInvariant(), d.DaysLeft);
    }

    public sealed record ReviewSummary(Guid Id, ReviewStatus Status, int DataMapRevision, DateOnly DueOn, DateTime StartedAt, string? StartedBy, DateTime? CompletedAt, string? CompletedBy)
    {
        public static ReviewSummary Of(Review r) => new(r.Id, r.Status, r.DataMapRevision, r.DueOn, r.StartedAt, r.StartedBy, r.CompletedAt, r.CompletedBy);
    }

    public sealed record ItemView(int Position, string Ref, ReviewItemKind Kind, string Key, string Label, ItemDecision Decision, string? Note, DateTime? DecidedAt, string? DecidedBy)
    {
        public static ItemView Of(ReviewItem i) => new(i.Position, i.Ref, i.Kind, i.Key, i.Label, i.Decision, i.Note, i.DecidedAt, i.DecidedBy);
    }

    public sealed record ReviewDetails(
        Guid Id, ReviewStatus Status, int DataMapRevision, string DataMapSha256, int? CompletedRevision, DateOnly DueOn,
        DateTime StartedAt, string? StartedBy, DateTime? CompletedAt, string? CompletedBy, string? Summary, int Open, IReadOnlyList<ItemView> Items)
    {
        public static ReviewDetails Of(ReviewView v)
        {
            var r = v.Review;
            return new(r.Id, r.Status, r.DataMapRevision, r.DataMapSha256, r.CompletedRevision, r.DueOn, r.StartedAt, r.StartedBy, r.CompletedAt, r.CompletedBy, r.Summary,
                v.Open, v.Items.Select(ItemView.Of).ToList());
        }
    }

    public sealed record ScoreView(int Likelihood, int Impact, RiskLevel Level);

    public sealed record AssessmentView(
        Guid Id, string System, ScoreView Inherent, ScoreView Residual, IReadOnlyList<string> Measures, string? OtherMeasures, string Reasons,
        IReadOnlyList<string> DpiaSignals, int DataMapRevision, DateTime AssessedAt, string? AssessedBy)
    {
        public static AssessmentView Of(RiskAssessment a) => new(a.Id, a.System,
            new ScoreView(a.Likelihood, a.Impact, a.Inherent.Level), new ScoreView(a.ResidualLikelihood, a.ResidualImpact, a.Residual.Level),
            a.Measures.Split('\n', StringSplitOptions.RemoveEmptyEntries), a.OtherMeasures, a.Reasons,
            a.DpiaSignals.Split(' ', StringSplitOptions.RemoveEmptyEntries), a.DataMapRevision, a.AssessedAt, a.AssessedBy);
    }

    public sealed record DpiaView(DpiaSignal Signal, IReadOnlyList<string> Where);

    public sealed record SystemRiskView(string System, string Name, bool DpiaSuggested, IReadOnlyList<DpiaView> Dpia, AssessmentView? Latest)
    {
        public static SystemRiskView Of(SystemRisk s) => new(s.System, s.Name, s.Dpia.Count > 0,
            s.Dpia.Select(d => new DpiaView(d.Signal, d.Where)).ToList(), s.Latest is null ? null : AssessmentView.Of(s.Latest));
    }
}
