using System.Globalization;
using Lethe.Audit;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Pages.Shared;

/// <summary>One page of the audit log as the console shows it, for a tenant or the whole platform.</summary>
public sealed record AuditListing(string Path, AuditSearch Search, IReadOnlyList<AuditEntry> Entries, long? NextBefore, string? Error)
{
    public static async Task<AuditListing> LoadAsync(string path, AuditSearch search, IQueryable<AuditEntry> entries, CancellationToken ct)
    {
        var errors = search.Validate();
        if (errors.Any)
        {
            var first = errors.ToFailure().Errors.First();
            return new AuditListing(path, search, [], null, first.Value[0]);
        }

        var page = await search.Apply(entries.AsNoTracking()).ToListAsync(ct);
        return new AuditListing(path, search, page, page.Count == search.Limit ? page[^1].Sequence : null, null);
    }

    public string NextPageUrl(long before)
    {
        var query = new Dictionary<string, string?>
        {
            ["action"] = Search.Action, ["actor"] = Search.Actor, ["target"] = Search.Target,
            ["from"] = Search.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = Search.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["before"] = before.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Path, query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }
}
