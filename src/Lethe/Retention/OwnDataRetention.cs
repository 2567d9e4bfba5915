using Lethe.DataMap;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Retention;

/// <summary>
/// Retention of what Lethe itself keeps about people, with periods from <see cref="RetentionOptions"/>: the data webhook
/// systems returned for answers, and request records once their period after completion has passed (a request whose
/// deferred erasure is still waiting, or whose restriction is still in force, stays). Runs as rules of every run.
/// </summary>
public sealed record OwnDataRetention(string Rule, string Collection, string Action)
{
    public static readonly OwnDataRetention WebhookAnswers = new("lethe:webhook-answers", "lethe.request_steps", "anonymize");

    public static readonly OwnDataRetention RequestRecords = new("lethe:request-records", "lethe.requests", "delete");

    public static readonly IReadOnlyList<OwnDataRetention> Rules = [WebhookAnswers, RequestRecords];

    /// <returns>How many records were changed or deleted.</returns>
    public async Task<long> ApplyAsync(LetheDbContext db, Guid tenantId, DateOnly day, RetentionOptions options, CancellationToken ct)
    {
        if (this == WebhookAnswers)
        {
            var before = Before(day, options.WebhookAnswers);
            var requests = db.Requests.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.CompletedAt != null && r.CompletedAt < before).Select(r => r.Id);
            return await db.RequestSteps.IgnoreQueryFilters()
                .Where(s => s.TenantId == tenantId && s.ResultJson != null && requests.Contains(s.RequestId))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ResultJson, (string?)null), ct);
        }

        var cutoff = Before(day, options.RequestRecords);
        var expired = await db.Requests.IgnoreQueryFilters()
            .Where(r => r.TenantId == tenantId && r.CompletedAt != null && r.CompletedAt < cutoff)
            .Where(r => !db.DeferredErasures.IgnoreQueryFilters().Any(d => d.RequestId == r.Id && d.CompletedAt == null))
            .Where(r => !db.Restrictions.IgnoreQueryFilters().Any(x => x.RequestId == r.Id && x.LiftedAt == null))
            .Select(r => r.Id).Take(10_000).ToListAsync(ct);
        if (expired.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.DeferredErasures.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
        await db.Restrictions.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
        await db.RequestSteps.IgnoreQueryFilters().Where(d => expired.Contains(d.RequestId)).ExecuteDeleteAsync(ct);
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
