using Lethe.Processors;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// The processor tenant's page: the data map's processors with their agreements and signed documents (upload and
/// download), the customers it serves (linked and unlinked here by someone who edits both tenants), and the
/// sub-processor changes with each customer's answer.
/// </summary>
[Authorize(Policy = "perm:ProcessorsRead")]
[RequestSizeLimit(AgreementDocuments.MaxSize + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = AgreementDocuments.MaxSize + 64 * 1024)]
public sealed class ProcessorsModel(AgreementDocuments agreements, SubProcessorNotices notices, ServedByCommands servedBy, LetheDbContext db, TimeProvider time) : TenantPage
{
    public IReadOnlyList<AgreementStatus> Agreements { get; private set; } = [];

    public IReadOnlyList<ChangeWithObjections> Changes { get; private set; } = [];

    public IReadOnlyList<Tenant> Customers { get; private set; } = [];

    /// <summary>Tenants the signed-in person may link as customers: editable by them and served by no one yet.</summary>
    public IReadOnlyList<Tenant> Linkable { get; private set; } = [];

    public bool CanManage { get; private set; }

    /// <summary>Whether the person edits this tenant, and so may link and unlink its customers (each of which they must edit too).</summary>
    public bool CanLink { get; private set; }

    public DateOnly Today { get; private set; }

    public string Language => Lethe.Localization.Texts.Language(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    [BindProperty]
    public string? Key { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Customer { get; set; }

    [BindProperty]
    public string? CustomerKey { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>The newest signed agreement with one processor, as kept; the download is audited.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string key)
    {
        var document = await agreements.DownloadAsync(Tenant, Actor, key, Aborted);
        return document.Succeeded ? File(document.Value.Content, AgreementDocuments.Pdf, document.Value.FileName) : NotFound();
    }

    public async Task<IActionResult> OnPostUploadAsync()
    {
        if (!await CanAsync(Permission.ProcessorsManage))
        {
            return Forbid(CookieScheme);
        }

        byte[] content = [];
        if (Upload is { Length: > 0 and <= AgreementDocuments.MaxSize })
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, Aborted);
            content = buffer.ToArray();
        }

        var stored = await agreements.UploadAsync(Tenant, Actor, Key ?? "", Upload?.FileName, Upload?.ContentType, content, Aborted);
        if (stored.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/processors#processor-{Key}");
        }

        await LoadAsync();
        return FormFailed(stored.Failure);
    }

    public Task<IActionResult> OnPostServeAsync() => LinkAsync(serve: true);

    public Task<IActionResult> OnPostStopServingAsync() => LinkAsync(serve: false);

    private async Task<IActionResult> LinkAsync(bool serve)
    {
        if (!await CanAsync(Permission.TenantEdit))
        {
            return Forbid(CookieScheme);
        }

        var linked = await servedBy.ServeAsync(await Principal.GetAsync(Aborted), Actor, Tenant, Customer, serve, Aborted, CustomerKey);
        if (linked.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/processors#customers-heading");
        }

        await LoadAsync();
        return FormFailed(linked.Failure);
    }

    private async Task LoadAsync()
    {
        Today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Agreements = await agreements.StatusAsync(Tenant, Aborted);
        Changes = await notices.ForProcessorAsync(Tenant, Aborted);
        Customers = await db.Tenants.AsNoTracking().Where(t => t.ServedBy == Tenant.Id).OrderBy(t => t.Name).ToListAsync(Aborted);
        CanManage = await CanAsync(Permission.ProcessorsManage);
        CanLink = await CanAsync(Permission.TenantEdit);
        if (CanLink)
        {
            var access = await Principal.GetAsync(Aborted);
            // A tenant served by this one cannot serve it back; one served by another processor is unlinked there first.
            var unserved = await db.Tenants.AsNoTracking().Where(t => t.Id != Tenant.Id && t.ServedBy == null && t.Id != Tenant.ServedBy)
                .OrderBy(t => t.Name).ToListAsync(Aborted);
            Linkable = unserved.Where(t => access.Has(Permission.TenantEdit, t.Id, t.ResellerId)).ToList();
        }
    }
}
