using Lethe.DataMap;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Retention;

/// <summary>
/// Retention of what Lethe itself keeps about people, with periods from <see cref="RetentionOptions"/>: the data webhook
/// systems returned for answers, requests never confirmed by e-mail, and request records once their period after they
/// closed (completed, rejected or withdrawn) has passed — a request whose deferred erasure is still waiting, or whose
/// restriction is still in force, stays; and anonymous browsers' consent events after their proof period. The
/// suppression list is not among them: it is kept so people are not contacted
/// again, and holds only keyed hashes. Runs as rules of every run.
/// </summary>
public sealed record OwnDataRetention(string Rule, string Collection, string Action)
{
    public static readonly OwnDataRetention WebhookAnswers = new("lethe:webhook-answers", "lethe.request_steps", "anonymize");

    public static readonly OwnDataRetention RequestRecords = new("lethe:request-records", "lethe.requests", "delete");

    public static readonly OwnDataRetention UnconfirmedRequests = new("lethe:unconfirmed-requests", "lethe.requests", "delete");

    public static readonly OwnDataRetention BrowserConsents = new("lethe:browser-consents", "lethe.consent_events", "delete");

    public static readonly IReadOnlyList<OwnDataRetention> Rules = [WebhookAnswers, UnconfirmedRequests, RequestRecords, BrowserConsents];

    /// <returns>How many records were changed or deleted.</returns>
    public async Task<long> ApplyAsync(LetheDbContext db, Guid tenantId, DateOnly day, RetentionOptions options, CancellationToken ct, string? dataDirectory = null)
    {
        if (this == WebhookAnswers)
        {
            var before = Before(day, options.WebhookAnswers);
            var requests = db.Requests.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.CompletedAt != null && r.CompletedAt < before).Select(r => r.Id);
            return await db.RequestSteps.IgnoreQueryFilters()
                .Where(s => s.TenantId == tenantId && s.ResultJson != null && requests.Contains(s.RequestId))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ResultJson, (string?)null), ct);
        }

        if (this == BrowserConsents)
        {
            var recordedBefore = Before(day, options.BrowserConsents);
            var events = await db.ConsentEvents.IgnoreQueryFilters()
                .Where(e => e.TenantId == tenantId && e.Subject.StartsWith("browser:") && e.OccurredAt < recordedBefore).ExecuteDeleteAsync(ct);
            return events;
        }

        List<Guid> expired;
        if (this == UnconfirmedRequests)
        {
            var filedBefore = Before(day, options.UnconfirmedRequests);
            expired = await db.Requests.IgnoreQueryFilters()
                .Where(r => r.TenantId == tenantId && r.Status == Requests.RequestStatus.AwaitingVerification && r.CreatedAt < filedBefore)
                .OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(10_000).ToListAsync(ct);
        }
        else
        {
            var cutoff = Before(day, options.RequestRecords);
            expired = await db.Requests.IgnoreQueryFilters()
                .Where(r => r.TenantId == tenantId && r.ClosedAt != null && r.ClosedAt < cutoff)
                .Where(r => !db.DeferredErasures.IgnoreQueryFilters().Any(d => d.RequestId == r.Id && d.CompletedAt == null))
                .Where(r => !db.Restrictions.IgnoreQueryFilters().Any(x => x.RequestId == r.Id && x.LiftedAt == null))
                .OrderBy(r => r.ClosedAt).Select(r => r.Id).Take(10_000).ToListAsync(ct);
        }

        return expired.Count == 0 ? 0 : await DeleteAsync(db, expired, dataDirectory, ct);
    }

    /// <summary>Deletes requests with everything kept for them: steps, holds ended, tokens, messages, status events, answer packages.</summary>
    private static async Task<long> DeleteAsync(LetheDbContext db, List<Guid> expired, string? dataDirectory, CancellationToken ct)
    {
        // An answer package still on disk (not yet expired) goes with its request.
        var files = await db.StoredAnswers.IgnoreQueryFilters().Where(a => expired.Contains(a.RequestId) && a.DeletedAt == null).Select(a => a.Path).ToListAsync(ct);
        foreach (var path in files.Where(_ => dataDirectory is not null).Select(p => Path.Combine(dataDirectory!, p)).Where(File.Exists))
        {
            File.Delete(path);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.DeferredErasures.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
        await db.Restrictions.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
        await db.RequestSteps.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
        await db.RequestTokens.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
        await db.RequestStatusEvents.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
        await db.StoredAnswers.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
        await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.RequestId != null && expired.Contains(m.RequestId.Value)).ExecuteDeleteAsync(ct);
        var deleted = await db.Requests.IgnoreQueryFilters().Where(r => expired.Contains(r.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return deleted;
    }

    private static DateTime Before(DateOnly day, string period)
    {
        var p = IsoPeriod.Parse(period) ?? throw new InvalidOperationException($"'{period}' is not a period; RetentionOptions are validated at start-up.");
        // The period counted back from the run's day: the inverse of IsoPeriod.After.
        return day.AddYears(-p.Years).AddMonths(-p.Months).AddDays(-p.Days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    }
}
