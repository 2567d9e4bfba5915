using Lethe.Localization;
using Lethe.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Lethe.Web.Pages.Shared;

/// <summary>An audit entry's who and what in the reader's language, for the audit log and a request's timeline alike.</summary>
public static class AuditWords
{
    /// <summary>What happened ("Registered the request"); an action of no text is shown by its key.</summary>
    public static string What(IStringLocalizer l, string action) => l.OrAsIs(TextId.AuditAction(action), action);

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
