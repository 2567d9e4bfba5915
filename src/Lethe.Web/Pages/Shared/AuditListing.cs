using System.Globalization;
using Lethe.Audit;
using Lethe.Localization;
using Lethe.Requests;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Pages.Shared;

/// <summary>One page of the audit log as the console shows it, for a tenant or the whole platform.</summary>
public sealed record AuditListing(string Path, AuditSearch Search, IReadOnlyList<ReadableAuditEntry> Entries, long? NextBefore, string? Error)
{
    /// <summary>The request id as typed, shown back in the form (also when it is not one).</summary>
    public string? RequestTyped { get; init; }

    /// <summary>The tenant's country, whose zone the times are shown in; none on the platform's log, which shows UTC.</summary>
    public Country? Country { get; init; }

    public string ZoneName(string language) => Country is { } country ? Texts.Get(TextId.TimeZone(country), language) : "UTC";

    /// <summary>English for a request id the form could not read; said in the reader's language by the catalogue's <c>error.audit.not_a_request_id</c>.</summary>
    public static string NotARequestId => Texts.Get("error.audit.not_a_request_id", "en");

    /// <summary>English for a date the form could not read; said in the reader's language by the catalogue's <c>error.audit.not_a_date</c>.</summary>
    public static string NotADate(string typed) =>
        Texts.Fill(Texts.Get("error.audit.not_a_date", "en"), new Dictionary<string, string> { ["value"] = typed.Length > 40 ? typed[..40] + "…" : typed });

    /// <summary>
    /// The search the console's filter form asks for. Its request id and dates are read as text, so one that is not an
    /// id or a date (cut short, mistyped, a link edited by hand) is said back as the form's error on the console's own
    /// page, rather than searching every request or answering with a bare error page.
    /// </summary>
    public static (AuditSearch Search, string? Error) SearchFrom(string? action, string? actor, string? person, string? request, string? from, string? to, long? before)
    {
        Guid? id = Guid.TryParse(request?.Trim(), out var parsed) ? parsed : null;
        var unreadable = id is null && !string.IsNullOrWhiteSpace(request);
        var (fromDate, fromError) = Date(from);
        var (toDate, toError) = Date(to);
        var search = new AuditSearch
        {
            Action = action, Actor = actor, Person = NullIfBlank(person), Request = id, From = fromDate, To = AuditSearch.ThroughDay(toDate), Before = before,
        };
        return (search, unreadable ? NotARequestId : fromError ?? toError);
    }

    // The form's date fields send yyyy-MM-dd; a link may carry an ISO 8601 time. Nothing else is guessed at: "01/02/2026"
    // is a different day in Copenhagen and in the invariant culture. Times without an offset are UTC, as Lethe stores them.
    private static readonly string[] DateForms = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm"];

    private static (DateTime? Date, string? Error) Date(string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? (null, null)
        : DateTime.TryParseExact(typed.Trim(), DateForms, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? (date, null)
            : (null, NotADate(typed.Trim()));

    /// <param name="requests">The requests a filter by person may follow (the tenant's, or every tenant's on the platform log).</param>
    /// <param name="formError">What <see cref="SearchFrom"/> could not read: nothing is searched, and the form says why.</param>
    public static async Task<AuditListing> LoadAsync(
        string path, AuditSearch search, IQueryable<AuditEntry> entries, IQueryable<DataRequest> requests, AuditReader reader, CancellationToken ct, string? formError = null)
    {
        if (formError is not null)
        {
            return new AuditListing(path, search, [], null, formError);
        }

        var errors = search.Validate();
        if (errors.Any)
        {
            var first = errors.ToFailure().Errors.First();
            return new AuditListing(path, search, [], null, first.Value[0]);
        }

        var filtered = string.IsNullOrWhiteSpace(search.Person) ? search : search with { Targets = await reader.PersonTargetsAsync(requests, search.Person, ct) };
        var page = await filtered.Apply(entries.AsNoTracking()).ToListAsync(ct);
        var readable = await reader.ReadAsync(page, ct);
        return new AuditListing(path, search, readable, page.Count == search.Limit ? page[^1].Sequence : null, null);
    }

    public bool Filtered => !string.IsNullOrWhiteSpace(Search.Action) || !string.IsNullOrWhiteSpace(Search.Actor) || Search.Person is not null
        || Search.Request is not null || Search.From is not null || Search.To is not null;

    public string NextPageUrl(long before)
    {
        var query = new Dictionary<string, string?>
        {
            ["action"] = Search.Action, ["actor"] = Search.Actor, ["target"] = Search.Target, ["person"] = Search.Person,
            ["request"] = Search.Request?.ToString(),
            ["from"] = Search.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = Search.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["before"] = before.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Path, query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
