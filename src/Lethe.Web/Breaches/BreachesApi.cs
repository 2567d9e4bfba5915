using Lethe.Breaches;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Breaches;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/breaches</c>: the breach register (Art. 33(5)) — register, list, read with the impact the
/// data map gives, assess the risk, notify the authority (again for each phase), tell the people of a high risk by letter
/// or public notice (Art. 34), close. Every call is audited.
/// </summary>
public static class BreachesApi
{
    public static RouteGroupBuilder MapBreachesApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/breaches", ListAsync).RequirePermission(Permission.BreachesRead)
            .WithSummary("Every breach, notified or not, newest awareness first, each with its 72-hour deadline.");
        tenant.MapPost("/breaches", RegisterAsync).RequirePermission(Permission.BreachesManage)
            .WithSummary("Register a breach: when it happened and when the company became aware, what happened, and the systems, datastores or collections of the data map it touched.");
        tenant.MapGet("/breaches/{id:guid}", GetAsync).RequirePermission(Permission.BreachesRead)
            .WithSummary("One breach with its clock, the categories of data and people the data map says it touched, the counts, and the notifications made.");
        tenant.MapPost("/breaches/{id:guid}/assess", AssessAsync).RequirePermission(Permission.BreachesManage)
            .WithSummary("Record the risk assessment (unlikely, risk, high_risk) with its reasons, the likely consequences and the measures.");
        tenant.MapPost("/breaches/{id:guid}/notify", NotifyAsync).RequirePermission(Permission.BreachesManage)
            .WithSummary("Make the notification to the supervisory authority in its language; after 72 hours the reason for the delay is required. Once notified, each further call is a phase (Art. 33(4)) that says what it adds and may replace the consequences and measures.");
        tenant.MapPost("/breaches/{id:guid}/close", CloseAsync).RequirePermission(Permission.BreachesManage)
            .WithSummary("Close a breach that was notified, or assessed as unlikely to result in a risk.");
        tenant.MapPost("/breaches/{id:guid}/letters/dry-run", LettersDryRunAsync).RequirePermission(Permission.BreachesManage)
            .WithSummary("Count the letters to the people of a high-risk breach (Art. 34) without sending: one per person the data map finds in the affected datastores, by language, and the people with no e-mail address.");
        tenant.MapPost("/breaches/{id:guid}/letters", SendLettersAsync).RequirePermission(Permission.BreachesManage)
            .WithSummary("Send the letters to the people of a high-risk breach through the outbox, each in the person's language with the Art. 34(2) content; once per breach. A breach not assessed as high_risk is refused.");
        tenant.MapPost("/breaches/{id:guid}/public-notice", PublicNoticeAsync).RequirePermission(Permission.BreachesManage)
            .WithSummary("Record a public notice made instead of letters, where letters would take disproportionate effort (Art. 34(3)(c)): the reason and where it was published.");
        return api;
    }

    private static async Task<Ok<List<BreachSummary>>> ListAsync(CurrentTenant current, PrincipalAccess principal, BreachCommands breaches, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok((await breaches.ListAsync(current.Required, principal.Actor, ct)).Select(b => BreachSummary.Of(b, now)).ToList());
    }

    private static async Task<OrProblem<Created<BreachDetails>, ValidationProblem>> RegisterAsync(
        NewBreach body, CurrentTenant current, PrincipalAccess principal, BreachCommands breaches, TimeProvider time, CancellationToken ct)
    {
        var tenant = current.Required;
        var input = new BreachInput(body.OccurredAt?.UtcDateTime, body.AwareAt?.UtcDateTime, body.Description, body.Affected);
        var registered = await breaches.RegisterAsync(tenant, principal.Actor, input, ct);
        if (!registered.Succeeded)
        {
            return registered.Failure;
        }

        var view = await breaches.GetAsync(tenant, principal.Actor, registered.Value.Id, ct);
        return TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/breaches/{registered.Value.Id}", BreachDetails.Of(view.Value!, time.GetUtcNow().UtcDateTime));
    }

    private static async Task<OrProblem<Ok<BreachDetails>, NotFoundProblem>> GetAsync(
        Guid id, CurrentTenant current, PrincipalAccess principal, BreachCommands breaches, TimeProvider time, CancellationToken ct)
    {
        var view = await breaches.GetAsync(current.Required, principal.Actor, id, ct);
        return view.Succeeded ? TypedResults.Ok(BreachDetails.Of(view.Value, time.GetUtcNow().UtcDateTime)) : view.Failure;
    }

    private static async Task<OrProblem<Ok<BreachDetails>, ValidationProblem, NotFoundProblem, ConflictProblem>> AssessAsync(
        Guid id, Assessment body, CurrentTenant current, PrincipalAccess principal, BreachCommands breaches, TimeProvider time, CancellationToken ct)
    {
        var view = await breaches.AssessAsync(current.Required, principal.Actor, id, new AssessmentInput(body.Risk, body.Reasons, body.Consequences, body.Measures), ct);
        return view.Succeeded ? TypedResults.Ok(BreachDetails.Of(view.Value, time.GetUtcNow().UtcDateTime)) : view.Failure;
    }

    private static async Task<OrProblem<Created<NotificationView>, ValidationProblem, NotFoundProblem, ConflictProblem>> NotifyAsync(
        Guid id, Notify body, CurrentTenant current, PrincipalAccess principal, BreachCommands breaches, CancellationToken ct)
    {
        var tenant = current.Required;
        var made = await breaches.NotifyAsync(tenant, principal.Actor, id, new NotificationInput(body.LateReason, body.Added, body.Consequences, body.Measures, body.SentAt?.UtcDateTime), ct);
        return made.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/breaches/{id}", NotificationView.Of(made.Value))
            : made.Failure;
    }

    private static async Task<OrProblem<Ok<BreachDetails>, NotFoundProblem, ConflictProblem>> CloseAsync(
        Guid id, CurrentTenant current, PrincipalAccess principal, BreachCommands breaches, TimeProvider time, CancellationToken ct)
    {
        var view = await breaches.CloseAsync(current.Required, principal.Actor, id, ct);
        return view.Succeeded ? TypedResults.Ok(BreachDetails.Of(view.Value, time.GetUtcNow().UtcDateTime)) : view.Failure;
    }

    private static async Task<OrProblem<Ok<LetterPlanView>, NotFoundProblem, ConflictProblem>> LettersDryRunAsync(
        Guid id, CurrentTenant current, PrincipalAccess principal, BreachLetters letters, CancellationToken ct)
    {
        var plan = await letters.PlanAsync(current.Required, principal.Actor, id, ct);
        return plan.Succeeded ? TypedResults.Ok(LetterPlanView.Of(plan.Value)) : plan.Failure;
    }

    private static async Task<OrProblem<Created<CommunicationView>, ValidationProblem, NotFoundProblem, ConflictProblem>> SendLettersAsync(
        Guid id, SendLetters body, CurrentTenant current, PrincipalAccess principal, BreachLetters letters, CancellationToken ct)
    {
        var tenant = current.Required;
        var sent = await letters.SendAsync(tenant, principal.Actor, id, body.Description, ct);
        return sent.Succeeded ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/breaches/{id}", CommunicationView.Of(sent.Value)) : sent.Failure;
    }

    private static async Task<OrProblem<Created<CommunicationView>, ValidationProblem, NotFoundProblem, ConflictProblem>> PublicNoticeAsync(
        Guid id, PublicNotice body, CurrentTenant current, PrincipalAccess principal, BreachLetters letters, CancellationToken ct)
    {
        var tenant = current.Required;
        var recorded = await letters.RecordPublicNoticeAsync(tenant, principal.Actor, id, new PublicNoticeInput(body.Reason, body.PublishedWhere, body.PublishedAt?.UtcDateTime), ct);
        return recorded.Succeeded ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/breaches/{id}", CommunicationView.Of(recorded.Value)) : recorded.Failure;
    }

    /// <summary>The letters' own plain description of what happened for the people; the register's description when null. The body is required, if only {}.</summary>
    public sealed record SendLetters(string? Description);

    public sealed record PublicNotice(string? Reason, string? PublishedWhere, DateTimeOffset? PublishedAt);

    /// <summary>What sending would do: letters (one per address), by language (<c>da=12 nb=3</c>), people without an address, per datastore; and the letters already sent, if any.</summary>
    public sealed record LetterPlanView(int Letters, string Languages, long WithoutAddress, IReadOnlyList<DatastoreAddressees> Datastores, CommunicationView? Sent)
    {
        public static LetterPlanView Of(LetterPlan p) => new(p.Letters, p.Languages, p.WithoutAddress, p.Datastores, p.Sent is null ? null : CommunicationView.Of(p.Sent));
    }

    /// <summary>How the people were told: letters with their counts, or a public notice with its reason and where it was published. Never an address.</summary>
    public sealed record CommunicationView(
        Guid Id, BreachCommunicationKind Kind, int? Letters, string? Languages, long? WithoutAddress, string? Description,
        string? Reason, string? PublishedWhere, DateTime? PublishedAt, DateTime MadeAt, string? MadeBy)
    {
        public static CommunicationView Of(BreachCommunication c) =>
            new(c.Id, c.Kind, c.Letters, c.Languages, c.WithoutAddress, c.Description, c.Reason, c.PublishedWhere, c.PublishedAt, c.MadeAt, c.MadeBy);
    }

    /// <summary>Times with their offset, so a local time is never taken for UTC.</summary>
    public sealed record NewBreach(DateTimeOffset? OccurredAt, DateTimeOffset? AwareAt, string? Description, IReadOnlyList<string?>? Affected);

    public sealed record Assessment(string? Risk, string? Reasons, string? Consequences, string? Measures);

    /// <summary>
    /// The first notification takes only <c>lateReason</c> (required after 72 hours). A later phase (Art. 33(4)) requires
    /// <c>added</c>, what it adds, and may bring new <c>consequences</c> and <c>measures</c>, which replace the ones stated so far.
    /// </summary>
    /// <param name="SentAt">When the notification reached the authority, if before now (ISO 8601 with its offset).</param>
    public sealed record Notify(string? LateReason, string? Added = null, string? Consequences = null, string? Measures = null, DateTimeOffset? SentAt = null);

    /// <summary>The 72-hour clock as of the response: the deadline, seconds left (negative when overdue), the next reminder.</summary>
    public sealed record ClockView(DateTime Deadline, long SecondsLeft, bool Overdue, DateTime? NextReminder)
    {
        public static ClockView Of(Breach b, DateTime now) =>
            new(b.Clock.Deadline, (long)Math.Floor(b.Clock.Left(now).TotalSeconds), b.NotifiedAt is null && b.Clock.IsLate(now), b.Clock.NextReminder(now));
    }

    public sealed record BreachSummary(Guid Id, BreachStatus Status, BreachRisk? Risk, DateTime? OccurredAt, DateTime AwareAt, DateTime? NotifiedAt, IReadOnlyList<string> Affected, ClockView Clock)
    {
        public static BreachSummary Of(Breach b, DateTime now) => new(b.Id, b.Status, b.Risk, b.OccurredAt, b.AwareAt, b.NotifiedAt, b.AffectedParts, ClockView.Of(b, now));
    }

    public sealed record CategoryView(string Key, string Name, bool Special, bool NationalId);

    public sealed record BreachDetails(
        Guid Id, BreachStatus Status, BreachRisk? Risk, string? RiskReasons, string? Consequences, string? Measures, string Description,
        DateTime? OccurredAt, DateTime AwareAt, IReadOnlyList<string> Affected, ClockView Clock,
        IReadOnlyList<CategoryView> DataCategories, IReadOnlyList<string> SubjectCategories, BreachCounts? Counts,
        DateTime RecordedAt, string? RecordedBy, DateTime? AssessedAt, string? AssessedBy, DateTime? NotifiedAt, string? NotifiedBy, string? LateReason,
        DateTime? ClosedAt, string? ClosedBy, IReadOnlyList<NotificationView> Notifications, IReadOnlyList<CommunicationView> Communications)
    {
        public static BreachDetails Of(BreachView v, DateTime now)
        {
            var b = v.Breach;
            return new(b.Id, b.Status, b.Risk, b.RiskReasons, b.Consequences, b.Measures, b.Description, b.OccurredAt, b.AwareAt, b.AffectedParts, ClockView.Of(b, now),
                v.Impact?.DataCategories.Select(c => new CategoryView(c.Key, c.Name.For("en", "en"), c.Special, c.NationalId)).ToList() ?? [],
                v.Impact?.Subjects.Select(s => s.Key).ToList() ?? [], v.Counts,
                b.RecordedAt, b.RecordedBy, b.AssessedAt, b.AssessedBy, b.NotifiedAt, b.NotifiedBy, b.LateReason, b.ClosedAt, b.ClosedBy,
                v.Notifications.Select(NotificationView.Of).ToList(), v.Communications.Select(CommunicationView.Of).ToList());
        }
    }

    /// <summary>One part as the authority received it; <c>added</c> is what a later phase brought, null for the first.</summary>
    public sealed record NotificationView(Guid Id, int Phase, string Language, string? Added, string Markdown, DateTime MadeAt, string? MadeBy)
    {
        public static NotificationView Of(BreachNotification n) => new(n.Id, n.Phase, n.Language, n.Added, n.Markdown, n.MadeAt, n.MadeBy);
    }
}
