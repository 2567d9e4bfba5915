using Lethe.Breaches;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>One breach: its clock, what the data map says it touched, the assessment, the notifications to the authority, and the letters to the people.</summary>
[Authorize(Policy = "perm:BreachesRead")]
public sealed class BreachModel(BreachCommands breaches, BreachLetters letters, Lethe.DataMap.DataMapCommands dataMap, TimeProvider time) : TenantPage
{
    /// <summary>The affected datastores by the data map's names in the reader's language.</summary>
    public Shared.Places Places { get; private set; } = Shared.Places.ByKey;

    public BreachView View { get; private set; } = null!;

    public bool CanManage { get; private set; }

    public DateTime Now { get; private set; }

    [BindProperty]
    public string? Risk { get; set; }

    [BindProperty]
    public string? Reasons { get; set; }

    [BindProperty]
    public string? Consequences { get; set; }

    [BindProperty]
    public string? Measures { get; set; }

    [BindProperty]
    public string? LateReason { get; set; }

    /// <summary>What a later phase adds (Art. 33(4)).</summary>
    [BindProperty]
    public string? Added { get; set; }

    /// <summary>The consequences a later phase states; the assessment's until changed.</summary>
    [BindProperty]
    public string? PhaseConsequences { get; set; }

    /// <summary>The measures a later phase states; the assessment's until changed.</summary>
    [BindProperty]
    public string? PhaseMeasures { get; set; }

    /// <summary>The dry run's count, shown until the letters are sent.</summary>
    public LetterPlan? Plan { get; private set; }

    [BindProperty]
    public string? LetterDescription { get; set; }

    [BindProperty]
    public string? NoticeReason { get; set; }

    [BindProperty]
    public string? NoticeWhere { get; set; }

    /// <summary>When the public notice was published, on the tenant's wall clock.</summary>
    [BindProperty]
    public string? NoticeAt { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssessAsync(Guid id) =>
        await ChangeAsync(id, () => breaches.AssessAsync(Tenant, Actor, id, new AssessmentInput(Risk, Reasons, Consequences, Measures), Aborted));

    /// <summary>When the notification reached the authority, on the tenant's wall clock; empty for now.</summary>
    [BindProperty]
    public string? SentAt { get; set; }

    public async Task<IActionResult> OnPostNotifyAsync(Guid id) =>
        await ChangeAsync(id, async () => Notification() is { } input
            ? (await breaches.NotifyAsync(Tenant, Actor, id, input, Aborted)).Failure
            : SentAtUnreadable());

    /// <summary>The form's notification, or null when its time sent is no time.</summary>
    private NotificationInput? Notification()
    {
        var sent = BreachesModel.FromWallClock(SentAt, Tenant.Country);
        // The first notification's form has only the late reason, a later phase's only the other three.
        return !string.IsNullOrWhiteSpace(SentAt) && sent is null ? null : new NotificationInput(LateReason, Added, PhaseConsequences, PhaseMeasures, sent);
    }

    private Lethe.Common.InvalidInput SentAtUnreadable() => Lethe.Common.InvalidInput.For(nameof(SentAt), L["console.breaches.give_time"]);

    /// <summary>The notification as it would be recorded now, shown until it is recorded.</summary>
    public string? NotificationPreview { get; private set; }

    public async Task<IActionResult> OnPostPreviewNotificationAsync(Guid id) =>
        await DryRunAsync(id,
            async () => Notification() is { } input ? await breaches.PreviewNotificationAsync(Tenant, Actor, id, input, Aborted) : SentAtUnreadable(),
            preview => NotificationPreview = preview.Markdown);

    public async Task<IActionResult> OnPostCloseAsync(Guid id) =>
        await ChangeAsync(id, () => breaches.CloseAsync(Tenant, Actor, id, Aborted));

    public async Task<IActionResult> OnPostCountLettersAsync(Guid id) =>
        await DryRunAsync(id, () => letters.PlanAsync(Tenant, Actor, id, Aborted), plan => Plan = plan);

    /// <summary>Something worked out but not kept (a preview, a count): shown on the page with the breach as it stands.</summary>
    private async Task<IActionResult> DryRunAsync<T>(Guid id, Func<Task<Lethe.Common.Outcome<T>>> run, Action<T> show)
    {
        if (!await CanAsync(Permission.BreachesManage))
        {
            return Forbid(CookieScheme);
        }

        var outcome = await run();
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (!outcome.Succeeded)
        {
            return FormFailed(outcome.Failure);
        }

        show(outcome.Value);
        return Page();
    }

    public async Task<IActionResult> OnPostSendLettersAsync(Guid id) =>
        await ChangeAsync(id, async () => (await letters.SendAsync(Tenant, Actor, id, LetterDescription, Aborted)).Failure);

    public async Task<IActionResult> OnPostPublicNoticeAsync(Guid id) =>
        await ChangeAsync(id, async () =>
        {
            var at = BreachesModel.FromWallClock(NoticeAt, Tenant.Country);
            return !string.IsNullOrWhiteSpace(NoticeAt) && at is null
                ? Lethe.Common.InvalidInput.For(nameof(NoticeAt), L["console.breaches.give_time"])
                : (await letters.RecordPublicNoticeAsync(Tenant, Actor, id, new PublicNoticeInput(NoticeReason, NoticeWhere, at), Aborted)).Failure;
        });

    private async Task<IActionResult> ChangeAsync(Guid id, Func<Task<Lethe.Common.Outcome<BreachView>>> change) =>
        await ChangeAsync(id, async () => (await change()).Failure);

    private async Task<IActionResult> ChangeAsync(Guid id, Func<Task<Lethe.Common.Failure?>> change)
    {
        if (!await CanAsync(Permission.BreachesManage))
        {
            return Forbid(CookieScheme);
        }

        if (await change() is { } failure)
        {
            return await LoadAsync(id) ? FormFailed(failure) : NotFound();
        }

        return Redirect($"/t/{Tenant.Slug}/breaches/{id}");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        Now = time.GetUtcNow().UtcDateTime;
        var view = await breaches.GetAsync(Tenant, Actor, id, Aborted);
        if (!view.Succeeded)
        {
            return false;
        }

        View = view.Value;
        var b = View.Breach;
        Risk ??= b.Risk is { } r ? Lethe.Common.WireNames.ToWire(r) : null;
        Reasons ??= b.RiskReasons;
        Consequences ??= b.Consequences;
        Measures ??= b.Measures;
        PhaseConsequences ??= b.Consequences;
        PhaseMeasures ??= b.Measures;
        CanManage = await CanAsync(Permission.BreachesManage);
        Places = await Shared.Places.OfAsync(dataMap, Tenant, Aborted);
        return true;
    }
}
