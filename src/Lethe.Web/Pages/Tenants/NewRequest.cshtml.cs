using Lethe.Common;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Registering a request on a person's behalf (by phone, by letter): the right, and the identities they gave.</summary>
[Authorize(Policy = "perm:RequestsManage")]
public sealed class NewRequestModel(RequestRegistration registration) : TenantPage
{
    [BindProperty]
    public string? Type { get; set; } = RequestType.Access.ToWire();

    /// <summary>Identity type → value; empty values are ignored.</summary>
    [BindProperty]
    public Dictionary<string, string?> Identities { get; set; } = [];

    [BindProperty]
    public string? Channel { get; set; } = RequestChannel.Phone.ToWire();

    [BindProperty]
    public string? Language { get; set; } = "da";

    [BindProperty]
    public string? Message { get; set; }

    [BindProperty]
    public string? IdentityCheck { get; set; }

    [BindProperty]
    public string? ChangeCategory { get; set; }

    [BindProperty]
    public string? ChangeValue { get; set; }

    public static IReadOnlyList<string> IdentityTypes => ManifestVocabulary.IdentityTypes;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var identities = Identities.Where(i => !string.IsNullOrWhiteSpace(i.Value)).Select(i => new Identity(i.Key, i.Value!.Trim())).ToList();
        var changes = Type == RequestType.Rectification.ToWire() && !string.IsNullOrWhiteSpace(ChangeCategory)
            ? new Dictionary<string, string> { [ChangeCategory.Trim()] = ChangeValue ?? "" }
            : null;
        var agentChannels = RequestChannel.Agent.Select(c => c.ToWire()).ToList();
        if (Channel is null || !agentChannels.Contains(Channel))
        {
            return FormFailed(InvalidInput.For("channel", $"Choose how the request came: {string.Join(", ", agentChannels)}."));
        }

        var input = new RequestInput(Type ?? "", identities, changes, Channel, Language ?? "", Message,
            string.IsNullOrWhiteSpace(IdentityCheck) ? null : IdentityCheck);
        var created = await registration.CreateAsync(Tenant, Actor, input, Aborted);
        return created.Succeeded ? Redirect($"/t/{Tenant.Slug}/requests/{created.Value.Request.Id}") : FormFailed(created.Failure);
    }
}
