using System.Text;
using Lethe.DataMap;
using Lethe.Notices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// A new data map, uploaded as a file or pasted: validated, errors shown with their lines, then what it would change
/// shown beside the law's warnings, and imported as the next revision only when the officer confirms that preview.
/// </summary>
[Authorize(Policy = "perm:DataMapEdit")]
public sealed class ImportDataMapModel(DataMapCommands dataMap) : TenantPage
{
    [BindProperty]
    public string? Yaml { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The revision the confirmed preview was made against; a different one in force means someone imported meanwhile.</summary>
    [BindProperty]
    public int AgainstRevision { get; set; }

    public IReadOnlyList<ManifestError> Errors { get; private set; } = [];

    public DataMapPreview? Preview { get; private set; }

    public IReadOnlyList<DiffLine> Lines { get; private set; } = [];

    /// <summary>The revision imported by someone else between the preview and the confirmation.</summary>
    public int? ChangedMeanwhile { get; private set; }

    private string FileName => Upload?.FileName is { Length: > 0 } name ? Path.GetFileName(name) : $"{Tenant.Slug}.yaml";

    public async Task OnGetAsync() => Yaml = (await dataMap.CurrentAsync(Tenant, Aborted))?.Yaml ?? "";

    /// <summary>Validates the file or the pasted text and shows what importing it would change; stores nothing.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!await ReadFileAsync())
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return await PreviewAsync();
    }

    /// <summary>Imports what the officer saw in the preview, unless the data map changed since; then shows the new preview.</summary>
    public async Task<IActionResult> OnPostConfirmAsync()
    {
        var imported = await dataMap.ImportAsync(Tenant, Actor, Yaml ?? "", FileName, Aborted, AgainstRevision);
        if (imported.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/data-map");
        }

        if (imported.Failure is Lethe.Common.Conflict)
        {
            var result = await PreviewAsync();
            ChangedMeanwhile = Preview?.AgainstRevision;
            return result;
        }

        return Invalid(imported.Failure);
    }

    private async Task<IActionResult> PreviewAsync()
    {
        var preview = await dataMap.PreviewAsync(Tenant, Yaml ?? "", FileName, Aborted);
        if (!preview.Succeeded)
        {
            return Invalid(preview.Failure);
        }

        Preview = preview.Value;
        AgainstRevision = Preview.AgainstRevision;
        Lines = LineDiff.Between(Preview.Before, Preview.After);
        // The hidden field carries what was previewed; without this the model state would echo the value posted.
        ModelState.Remove(nameof(AgainstRevision));
        return Page();
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Invalid(Lethe.Common.Failure failure)
    {
        Errors = (failure as InvalidManifest)?.Errors ?? [];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>An uploaded file replaces the pasted text; it must be UTF-8 and within the manifest's size limit.</summary>
    private async Task<bool> ReadFileAsync()
    {
        if (Upload is not { Length: > 0 } file)
        {
            if (string.IsNullOrWhiteSpace(Yaml))
            {
                ModelState.AddModelError(nameof(Yaml), L["console.import_data_map.nothing_given"]);
                return false;
            }

            return true;
        }

        if (file.Length > ManifestLimits.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), L["console.import_data_map.file_too_large", ManifestLimits.MaxBytes / 1024]);
            return false;
        }

        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Aborted);
        try
        {
            Yaml = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.ToArray()).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            ModelState.AddModelError(nameof(Upload), L["console.import_data_map.file_not_utf8"]);
            return false;
        }

        // What was read is what is previewed and confirmed, so the text box shows the file rather than what was pasted before.
        ModelState.Remove(nameof(Yaml));
        return true;
    }
}
