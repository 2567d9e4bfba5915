using System.Text.Json;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>One request: per datastore what was found, changed and kept, what failed and when it is tried again, and manual tasks to close.</summary>
[Authorize(Policy = "perm:RequestsRead")]
public sealed class RequestModel(RequestCommands requests, RequestExtension extension, RequestLifecycle lifecycle, AnswerPackages packages) : TenantPage
{
    public RequestView View { get; private set; } = null!;

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

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int Months { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCompleteAsync(Guid id, Guid step)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var completed = await requests.CompleteManualAsync(Tenant, Actor, id, step, Note, Aborted);
        if (completed.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/requests/{id}");
        }

        return await LoadAsync(id) ? FormFailed(completed.Failure!) : NotFound();
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

        var chosen = await requests.ChoosePersonAsync(Tenant, Actor, id, step, Collection, Key, Aborted);
        if (chosen.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/requests/{id}");
        }

        return await LoadAsync(id) ? FormFailed(chosen.Failure!) : NotFound();
    }

    public async Task<IActionResult> OnPostExtendAsync(Guid id)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var extended = await extension.ExtendAsync(Tenant, Actor, id, Months, Reason, Aborted);
        if (extended.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/requests/{id}");
        }

        return await LoadAsync(id) ? FormFailed(extended.Failure!) : NotFound();
    }

    public Task<IActionResult> OnPostVerifyAsync(Guid id) => MoveAsync(id, () => lifecycle.VerifyAsync(Tenant, Actor, id, Evidence, Aborted));

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

        return await LoadAsync(id) ? FormFailed(approved.Failure!) : NotFound();
    }

    public Task<IActionResult> OnPostRejectAsync(Guid id) => MoveAsync(id, () => lifecycle.RejectAsync(Tenant, Actor, id, Reason, Aborted));

    public Task<IActionResult> OnPostWithdrawAsync(Guid id) => MoveAsync(id, () => lifecycle.WithdrawAsync(Tenant, Actor, id, Aborted));

    public Task<IActionResult> OnPostAssignAsync(Guid id) => MoveAsync(id, () => lifecycle.AssignAsync(Tenant, Actor, id, Assignee, Aborted));

    public async Task<IActionResult> OnGetAnswerAsync(Guid id)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var answer = await Lethe.Web.Requests.AnswerDownload.SpoolAsync(requests, Tenant, Actor, id, Aborted);
        if (!answer.Succeeded)
        {
            return await LoadAsync(id) ? FormFailed(answer.Failure!) : NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(answer.Value!, "application/zip", Lethe.Web.Requests.AnswerDownload.FileName(Tenant, id));
    }

    /// <summary>A step's outcome as short sentences for the table: counts, kept rows and why, checklists. Never values.</summary>
    public static IReadOnlyList<string> Lines(RequestStep step)
    {
        if (step.OutcomeJson is null)
        {
            return [];
        }

        var lines = new List<string>();
        var root = JsonDocument.Parse(step.OutcomeJson).RootElement;
        foreach (var property in root.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "found":
                    lines.AddRange(value.EnumerateObject().Select(c => $"{c.Name}: {c.Value} found"));
                    break;
                case "collections":
                    lines.AddRange(value.EnumerateObject().Select(c => $"{c.Name}: {c.Value} sent by the system"));
                    break;
                case "counts":
                    lines.AddRange(value.EnumerateArray().Select(c => $"{Text(c, "collection")}: {Text(c, "rows")} × {Text(c, "action")}"));
                    break;
                case "kept":
                    lines.AddRange(value.EnumerateArray().Select(c => $"{Text(c, "collection")}: {Text(c, "rows")} kept — {Text(c, "reason")}"
                        + (c.TryGetProperty("erasedFields", out var erased) && erased.GetArrayLength() > 0 ? $"; erased now: {string.Join(", ", erased.EnumerateArray().Select(e => e.GetString()))}" : "")
                        + (c.TryGetProperty("keptFields", out var keptFields) && keptFields.GetArrayLength() > 0 ? $"; kept: {string.Join(", ", keptFields.EnumerateArray().Select(e => e.GetString()))}" : "")
                        + (c.TryGetProperty("restricted", out var restricted) && restricted.ValueKind == JsonValueKind.True ? "; restricted" : "")));
                    break;
                case "ambiguous":
                    break;
                case "checklist":
                    lines.AddRange(value.EnumerateArray().Select(c => c.GetString() ?? ""));
                    break;
                case "rowsChanged":
                    lines.Add($"{value} rows changed in the datastore");
                    break;
                case "changed":
                    lines.Add($"{value} rows changed, as the system reports");
                    break;
                case "filesRemoved" or "filesLeft" when value.ValueKind == JsonValueKind.Number && value.GetInt32() == 0:
                    break;
                case "filesRemoved":
                    lines.Add($"{value} files deleted");
                    break;
                case "filesLeft":
                    lines.Add($"{value} files could not be deleted");
                    break;
                default:
                    lines.Add(value.ToString());
                    break;
            }
        }

        return lines;
    }

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ToString() : "";

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

        return await LoadAsync(id) ? FormFailed(moved.Failure!) : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await requests.ViewAsync(Tenant, Actor, id, Aborted) is not { } view)
        {
            return false;
        }

        View = view;
        Deferred = await requests.DeferredAsync(Tenant, id, Aborted);
        Timeline = await requests.TimelineAsync(Tenant, id, Aborted);
        Package = await packages.FindAsync(Tenant, id, Aborted);
        Together = await requests.TogetherAsync(Tenant, view.Request, Aborted);
        CanManage = await CanAsync(Permission.RequestsManage);
        CanApprove = await CanAsync(Permission.RequestsApproveAsController) || (CanManage && !Tenant.ControllerApproves);
        return true;
    }
}
