using System.Text.Json;
using Lethe.Execution;
using Lethe.Localization;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Tenancy;
using Lethe.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// One request: per datastore what was found, changed and kept, what failed and when it is tried again, and manual
/// tasks to close — requests forwarded to processors among them, with the day each confirmation is due.
/// </summary>
[Authorize(Policy = "perm:RequestsRead")]
public sealed class RequestModel(
    RequestQueries requests, ManualTasks manualTasks, PersonChoices choices, RequestExtension extension, RequestLifecycle lifecycle, AnswerPackages packages,
    Lethe.DataMap.DataMapCommands dataMap, TimeProvider time) : TenantPage
{
    public RequestView View { get; private set; } = null!;

    /// <summary>Today where the tenant is: a forwarded request is late from the day after its due day.</summary>
    public DateOnly Today { get; private set; }

    public IReadOnlyList<Lethe.Audit.AuditEntry> Timeline { get; private set; } = [];

    public StoredAnswer? Package { get; private set; }

    /// <summary>The other requests the person made together with this one.</summary>
    public IReadOnlyList<DataRequest> Together { get; private set; } = [];

    [BindProperty]
    public string? Evidence { get; set; }

    [BindProperty]
    public string? Assignee { get; set; }

    public IReadOnlyList<DeferredErasure> Deferred { get; private set; } = [];

    public bool CanManage { get; private set; }

    /// <summary>May press Approve: staff of a controller tenant, or the controller's admin of a tenant served as processor.</summary>
    public bool CanApprove { get; private set; }

    /// <summary>A manual step's internal note: what was done.</summary>
    [BindProperty]
    public string? Note { get; set; }

    /// <summary>A manual step's note to the person, for their answer.</summary>
    [BindProperty]
    public string? NoteToPerson { get; set; }

    [BindProperty]
    public int Months { get; set; }

    /// <summary>Why the request is refused, as the person is told; kept in its form when the refusal is itself refused.</summary>
    [BindProperty]
    public string? RejectionReason { get; set; }

    /// <summary>Why the deadline is extended, as the person is told; a field of its own so the reject form does not show it.</summary>
    [BindProperty]
    public string? ExtensionReason { get; set; }

    /// <summary>Who registered the request; the privacy centre's own words for the person in the reader's language.</summary>
    public string? CreatedByText => View.Request.CreatedBy == SelfServiceRequests.Person.Name ? L["console.request.by_person_in_centre"] : View.Request.CreatedBy;

    /// <summary>
    /// How the identity was checked. The privacy centre records its confirmation in English words of its own, said here in
    /// the reader's language; what an agent wrote after it stays as written.
    /// </summary>
    public string? EvidenceText => View.Request.VerificationEvidence is { } evidence && evidence.StartsWith(SelfServiceRequests.VerifiedByLink, StringComparison.Ordinal)
        ? L["console.request.verified_by_link"] + evidence[SelfServiceRequests.VerifiedByLink.Length..]
        : View.Request.VerificationEvidence;

    public string? VerifiedByText => View.Request.VerifiedBy is SelfServiceRequests.VerifiedByLinkOrCode or "e-mail link" ? L["console.request.by_link_or_code"] : View.Request.VerifiedBy;

    /// <summary>The kinds of data the data map holds: what a correction can name.</summary>
    public IReadOnlyList<string> HeldCategories { get; private set; } = [];

    /// <summary>Where the steps are carried out, by the data map's names in the reader's language.</summary>
    public Shared.Places Places { get; private set; } = Shared.Places.ByKey;

    private Dictionary<string, Lethe.DataMap.LocalizedText> _categoryNames = new(StringComparer.Ordinal);

    /// <summary>The values a confirmed correction sets, by data category.</summary>
    public IReadOnlyDictionary<string, string> CorrectionChanges =>
        View.Request.ChangesJson is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [] : new Dictionary<string, string>();

    public string CategoryName(string category, string language) =>
        _categoryNames.TryGetValue(category, out var name) ? name.In(language) ?? name.In("en") ?? category : category;

    [BindProperty]
    public List<string> CorrectionCategories { get; set; } = [];

    [BindProperty]
    public List<string> CorrectionValues { get; set; } = [];

    [BindProperty]
    public string? CorrectionByHand { get; set; }

    /// <summary>The agent records the exact values to correct: rows left empty are ignored, a value without its category is not.</summary>
    public Task<IActionResult> OnPostCorrectAsync(Guid id)
    {
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Max(CorrectionCategories.Count, CorrectionValues.Count); i++)
        {
            var category = CorrectionCategories.ElementAtOrDefault(i)?.Trim() ?? "";
            var value = CorrectionValues.ElementAtOrDefault(i) ?? "";
            if (category.Length > 0 || value.Length > 0)
            {
                changes[category] = value;
            }
        }

        return MoveAsync(id, () => lifecycle.ConfirmCorrectionAsync(Tenant, Actor, id, changes, null, Aborted));
    }

    public Task<IActionResult> OnPostCorrectByHandAsync(Guid id) =>
        MoveAsync(id, () => lifecycle.ConfirmCorrectionAsync(Tenant, Actor, id, null, CorrectionByHand, Aborted));

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCompleteAsync(Guid id, Guid step)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var completed = await manualTasks.CompleteAsync(Tenant, Actor, id, step, Note, NoteToPerson, Aborted);
        if (completed.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/requests/{id}");
        }

        return await LoadAsync(id) ? FormFailed(completed.Failure) : NotFound();
    }

    [BindProperty]
    public string? Collection { get; set; }

    [BindProperty]
    public string? Key { get; set; }

    public async Task<IActionResult> OnPostChooseAsync(Guid id, Guid step)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var chosen = await choices.ChooseAsync(Tenant, Actor, id, step, Collection, Key, Aborted);
        if (chosen.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/requests/{id}");
        }

        return await LoadAsync(id) ? FormFailed(chosen.Failure) : NotFound();
    }

    public async Task<IActionResult> OnPostExtendAsync(Guid id)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var extended = await extension.ExtendAsync(Tenant, Actor, id, Months, ExtensionReason, Aborted);
        if (extended.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/requests/{id}");
        }

        return await LoadAsync(id) ? FormFailed(extended.Failure) : NotFound();
    }

    public Task<IActionResult> OnPostVerifyAsync(Guid id) => MoveAsync(id, () => lifecycle.VerifyAsync(Tenant, Actor, id, Evidence, Aborted));

    public Task<IActionResult> OnPostCheckIdentitiesAsync(Guid id) => MoveAsync(id, () => lifecycle.CheckIdentitiesAsync(Tenant, Actor, id, Evidence, Aborted));

    public async Task<IActionResult> OnPostApproveAsync(Guid id)
    {
        var asController = await CanAsync(Permission.RequestsApproveAsController);
        if (!asController && !await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var approved = await lifecycle.ApproveAsync(Tenant, Actor, id, Aborted, asController);
        if (approved.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/requests/{id}");
        }

        return await LoadAsync(id) ? FormFailed(approved.Failure) : NotFound();
    }

    public Task<IActionResult> OnPostRejectAsync(Guid id) => MoveAsync(id, () => lifecycle.RejectAsync(Tenant, Actor, id, RejectionReason, Aborted));

    public Task<IActionResult> OnPostWithdrawAsync(Guid id) => MoveAsync(id, () => lifecycle.WithdrawAsync(Tenant, Actor, id, Aborted));

    public Task<IActionResult> OnPostAssignAsync(Guid id) => MoveAsync(id, () => lifecycle.AssignAsync(Tenant, Actor, id, Assignee, Aborted));

    /// <summary>The ZIP exactly as the person will receive it (reports and data), read now: see <see cref="AnswerPreviewModel"/>.</summary>
    public async Task<IActionResult> OnGetAnswerAsync(Guid id)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var answer = await Lethe.Web.Requests.AnswerDownload.SpoolPreviewAsync(packages, Tenant, Actor, id, Aborted);
        if (!answer.Succeeded)
        {
            return await LoadAsync(id) ? FormFailed(answer.Failure) : NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(answer.Value.Zip, "application/zip", Lethe.Web.Requests.AnswerDownload.FileName(Tenant, id));
    }

    /// <summary>The id of a step's row, which the overview's task list links to: <c>step-system-datastore</c>, <c>step-sub-processor-key</c>.</summary>
    public static string StepAnchor(string datastore) => "step-" + datastore.Replace('.', '-').Replace(':', '-');

    /// <summary>
    /// A step's outcome as short sentences for the table, in the reader's language: counts, kept rows and why,
    /// checklists. Never values. Steps stored in English (checklists, forwarding tasks) are said from what they hold.
    /// </summary>
    public static IReadOnlyList<string> Lines(RequestStep step, IStringLocalizer l)
    {
        if (StepOutcome.Read(step.OutcomeJson) is not { } outcome)
        {
            return [];
        }

        var lines = new List<string>();
        lines.AddRange(outcome.Found?.Select(c => l["console.step.found", c.Key, c.Value].Value) ?? []);
        lines.AddRange(outcome.Collections?.Select(c => l["console.step.sent_by_system", c.Key, c.Value].Value) ?? []);
        lines.AddRange(outcome.Counts?.Select(c => $"{c.Collection}: {c.Rows} × {l.OrAsIs(TextId.AnswerAction(c.Action), c.Action)}") ?? []);
        lines.AddRange(outcome.Kept?.Select(k => l["console.step.kept", KeptReasons.SayCollection(k, CatalogueLocalizer.Language), k.Rows, KeptReasons.Say(k, CatalogueLocalizer.Language)].Value
            + (k.ErasedFields.Count > 0 ? l["console.step.erased_now", string.Join(", ", k.ErasedFields)].Value : "")
            + (k.KeptFields.Count > 0 ? l["console.step.kept_fields", string.Join(", ", k.KeptFields)].Value : "")
            + (k.Restricted ? l["console.step.restricted"].Value : "")) ?? []);
        lines.AddRange(outcome.Checklist?.Select(item => ChecklistItem(step, item, l)) ?? []);
        if (outcome.RowsChanged is { } rows)
        {
            lines.Add(rows == 1 ? l["console.step.row_changed", rows] : l["console.step.rows_changed", rows]);
        }

        if (outcome.Changed is { } changed)
        {
            lines.Add(changed == 1 ? l["console.step.row_changed_reported", changed] : l["console.step.rows_changed_reported", changed]);
        }

        if (outcome.FilesRemoved is > 0)
        {
            lines.Add(outcome.FilesRemoved == 1 ? l["console.step.file_deleted", outcome.FilesRemoved] : l["console.step.files_deleted", outcome.FilesRemoved]);
        }

        if (outcome.FilesLeft is > 0)
        {
            lines.Add(outcome.FilesLeft == 1 ? l["console.step.file_left", outcome.FilesLeft] : l["console.step.files_left", outcome.FilesLeft]);
        }

        if (outcome.WaitsForChoiceIn is { } other)
        {
            lines.Add(l["console.step.waits_for_choice", other]);
        }

        if (outcome.Note is { } note)
        {
            lines.Add(note);
        }

        return lines;
    }

    /// <summary>
    /// A manual task's checklist item, which the runner stores in English, said in the reader's language: its verb, or,
    /// for a forwarded request, the task itself from the step's processor and date (RequestLifecycle.Forwarded).
    /// </summary>
    private static string ChecklistItem(RequestStep step, string item, IStringLocalizer l)
    {
        if (step is { ForwardedTo: { } processor, DueOn: { } due } && item.StartsWith("Forward the ", StringComparison.Ordinal))
        {
            return l["console.step.forward_task", processor, due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
        }

        return RequestRunner.ChecklistVerbs.FirstOrDefault(v => item.StartsWith(v.Key + ": ", StringComparison.Ordinal)) is { Key: not null } verb
            ? l[verb.Value] + item[verb.Key.Length..]
            : item;
    }

    private async Task<IActionResult> MoveAsync(Guid id, Func<Task<Lethe.Common.Outcome<DataRequest>>> move)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var moved = await move();
        if (moved.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/requests/{id}");
        }

        return await LoadAsync(id) ? FormFailed(moved.Failure) : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await requests.ViewAsync(Tenant, Actor, id, Aborted) is not { } view)
        {
            return false;
        }

        View = view;
        Today = Deadline.ReceivedOn(time.GetUtcNow(), Tenant.Country);
        Deferred = await requests.DeferredAsync(Tenant, id, Aborted);
        Timeline = await requests.TimelineAsync(Tenant, id, Aborted);
        Package = await packages.FindAsync(Tenant, id, Aborted);
        Together = await requests.TogetherAsync(Tenant, view.Request, Aborted);
        CanManage = await CanAsync(Permission.RequestsManage);
        CanApprove = await CanAsync(Permission.RequestsApproveAsController) || (CanManage && !Tenant.ControllerApproves);
        var inForce = await dataMap.InForceAsync(Tenant, Aborted);
        Places = new Shared.Places(inForce?.Manifest);
        if (view.Request.Correction is not null && inForce is not null)
        {
            HeldCategories = RequestInput.HeldCategories(inForce.Manifest).Order(StringComparer.Ordinal).ToList();
            _categoryNames = Lethe.DataMap.Taxonomy.BuiltIn.Concat(inForce.Manifest.DataCategories).ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal);
        }

        return true;
    }
}
