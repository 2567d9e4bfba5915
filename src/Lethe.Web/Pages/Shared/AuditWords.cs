using Lethe.Localization;
using Lethe.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Lethe.Web.Pages.Shared;

/// <summary>An audit entry's who and what in the reader's language, for the audit log and a request's timeline alike.</summary>
public static class AuditWords
{
    /// <summary>What happened ("Registered the request"); an action of no text is shown by its key.</summary>
    public static string What(IStringLocalizer l, string action) => l.OrAsIs(TextId.AuditAction(action), action);

    /// <summary>What kind of thing an entry is about ("Brud", "Halvårlig kontrol"); a kind of no text is shown as written.</summary>
    public static string About(IStringLocalizer l, string kind) => l.OrAsIs(TextId.AuditTarget(kind), kind);

    /// <summary>A target's id as a colleague can match it by eye: a GUID by its last eight characters, like a request's link.</summary>
    public static string ShortId(string id) => Guid.TryParse(id, out _) ? "…" + id[^8..] : id;

    /// <summary>The console page of a breach or a review the entry is about, in its tenant; null for kinds of no page of their own.</summary>
    public static string? Link(Lethe.Audit.AuditTarget target) => target.TenantSlug is { } slug && Guid.TryParse(target.Id, out var id)
        ? target.Kind switch
        {
            "breach" => $"/t/{slug}/breaches/{id}",
            "review" => $"/t/{slug}/reviews/{id}",
            _ => null,
        }
        : null;

    /// <summary>Who did it: a person by their name, a key by its name, Lethe, the command line or the person by their link.</summary>
    /// <param name="name">The name as known now (a user's e-mail, a key's name), else as recorded.</param>
    public static string Who(IStringLocalizer l, string kind, string? name, string? id) => kind switch
    {
        "user" => name ?? l["audit.actor.unknown_user"],
        "api-key" => l["audit.actor.api_key", name ?? id ?? ""],
        "cli" => l["audit.actor.cli", name ?? ""],
        "system" or "person" or "anonymous" => l[TextId.AuditActor(kind)],
        _ => name ?? kind,
    };
}
