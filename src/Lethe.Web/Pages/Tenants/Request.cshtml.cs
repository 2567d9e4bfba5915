using System.Text.Json;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>One request: per datastore what was found, changed and kept, what failed and when it is tried again, and manual tasks to close.</summary>
[Authorize(Policy = "perm:RequestsRead")]
public sealed class RequestModel(RequestCommands requests) : TenantPage
{
    public RequestView View { get; private set; } = null!;

    public IReadOnlyList<DeferredErasure> Deferred { get; private set; } = [];

    public bool CanManage { get; private set; }

    [BindProperty]
    public string? Note { get; set; }

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

    public async Task<IActionResult> OnGetAnswerAsync(Guid id)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var file = Path.GetTempFileName();
        var stream = new FileStream(file, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        var written = await requests.WriteAnswerAsync(Tenant, Actor, id, stream, Aborted);
        if (!written.Succeeded)
        {
            await stream.DisposeAsync();
            return await LoadAsync(id) ? FormFailed(written.Failure!) : NotFound();
        }

        stream.Position = 0;
        Response.Headers.CacheControl = "no-store";
        return File(stream, "application/zip", $"{Tenant.Slug}-request-{id:N}.zip");
    }

    /// <summary>A step's outcome as short lines for the table: counts, kept rows and reasons, checklists. Never values.</summary>
    public static IReadOnlyList<string> Lines(RequestStep step)
    {
        if (step.OutcomeJson is null)
        {
            return [];
        }

        var lines = new List<string>();
        var root = JsonDocument.Parse(step.OutcomeJson).RootElement;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Array:
                    lines.AddRange(property.Value.EnumerateArray().Select(Line));
                    break;
                case JsonValueKind.Object:
                    lines.AddRange(property.Value.EnumerateObject().Select(p => $"{property.Name}: {p.Name} = {p.Value}"));
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    lines.Add($"{property.Name}: {property.Value}");
                    break;
            }
        }

        return lines;
    }

    private static string Line(JsonElement item) => item.ValueKind == JsonValueKind.Object
        ? string.Join(", ", item.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => $"{p.Name}: {p.Value}"))
        : item.ToString();

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await requests.ViewAsync(Tenant, Actor, id, Aborted) is not { } view)
        {
            return false;
        }

        View = view;
        Deferred = await requests.DeferredAsync(Tenant, id, Aborted);
        CanManage = await CanAsync(Permission.RequestsManage);
        return true;
    }
}
