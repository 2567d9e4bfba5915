using System.Globalization;
using Lethe.Audit;
using Lethe.Calendar;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Work;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Reviews;

/// <summary>A review with its checklist in order.</summary>
public sealed record ReviewView(Review Review, IReadOnlyList<ReviewItem> Items)
{
    public int Open => Items.Count(i => i.Decision == ItemDecision.Open);
}

/// <summary>
/// The half-yearly review: start one (its checklist made from the data map in force), decide each item, complete it —
/// kept as evidence and never changed after. Each step audited.
/// </summary>
public sealed class ReviewCommands(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, StalledWork stalled, CalendarQueries calendar, AuditLog audit, TimeProvider time)
{
    public const int NoteLimit = 4000;

    /// <summary>The tenant's reviews, newest first.</summary>
    public async Task<IReadOnlyList<Review>> ListAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.Reviews.AsNoTracking().OrderByDescending(r => r.StartedAt).ToListAsync(ct);
    }

    /// <summary>The review in progress, or null.</summary>
    public async Task<Review?> InProgressAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.Reviews.AsNoTracking().Where(r => r.Status == ReviewStatus.InProgress).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
    }

    public async Task<Outcome<ReviewView>> GetAsync(Tenant tenant, Guid id, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } review
            ? new ReviewView(review, await ItemsAsync(review.Id, ct))
            : new NotFound("Review", id.ToString());
    }

    /// <summary>Starts a review against the data map in force; one at a time.</summary>
    public async Task<Outcome<ReviewView>> StartAsync(Tenant tenant, AuditActor actor, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await InProgressAsync(tenant, ct) is { } open)
        {
            return InProgress(open);
        }

        if (await dataMap.InForceAsync(tenant, ct) is not { } inForce)
        {
            return new Conflict("The tenant has no data map yet; import one, so there is something to review.");
        }

        var latestScan = await db.ScanRuns.AsNoTracking().Where(r => r.FinishedAt != null).OrderByDescending(r => r.StartedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        var findings = latestScan is { } scan ? await db.ScanFindings.AsNoTracking().Where(f => f.RunId == scan).ToListAsync(ct) : [];
        var jobs = await stalled.ForTenantAsync(tenant.Id, ct);
        var lastRun = await db.RetentionRuns.AsNoTracking().Where(r => r.FinishedAt != null).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        var entries = ReviewChecklist.From(inForce.Manifest, findings, jobs, lastRun);
        var due = (await calendar.ForTenantAsync(tenant, ct)).FirstOrDefault(d => d.Duty.Kind == DutyKind.HalfYearlyReview)?.Duty.DueOn
                  ?? Recurrence.LocalDay(time.GetUtcNow().UtcDateTime, tenant.Country);
        var review = new Review
        {
            TenantId = tenant.Id,
            DataMapRevision = inForce.Revision.Revision,
            DataMapSha256 = inForce.Revision.Sha256,
            DueOn = due,
            StartedAt = Now,
            StartedBy = actor.Name,
        };
        var items = entries.Select((e, i) => new ReviewItem
        {
            TenantId = tenant.Id,
            ReviewId = review.Id,
            Position = i + 1,
            Kind = e.Kind,
            Key = Clip(e.Key, 512),
            Label = Clip(e.Label, 2000),
        }).ToList();
        // Asked again under the audit lock: a form sent twice at once passes the check above twice.
        Review? startedMeanwhile = null;
        await audit.SaveChangesAsync(async lockedCt =>
        {
            if ((startedMeanwhile = await InProgressAsync(tenant, lockedCt)) is not null)
            {
                return [];
            }

            db.Reviews.Add(review);
            db.ReviewItems.AddRange(items);
            return [Event(actor, AuditActions.ReviewStarted, tenant, review, new Dictionary<string, string?>
            {
                ["revision"] = review.DataMapRevision.ToString(CultureInfo.InvariantCulture),
                ["items"] = items.Count.ToString(CultureInfo.InvariantCulture),
            })];
        }, ct);
        return startedMeanwhile is { } other ? InProgress(other) : new ReviewView(review, items);
    }

    private static Conflict InProgress(Review open) =>
        new($"A review is in progress already (started {open.StartedAt:yyyy-MM-dd} by {open.StartedBy ?? "someone"}); complete it first.");

    /// <summary>
    /// Confirms an item as it is, or records that it was changed — with a note saying how, since "changed" alone is no
    /// evidence. <paramref name="item"/> is the item's position (<c>3</c>) or its <see cref="ReviewItem.Ref"/> (<c>system:crm</c>).
    /// </summary>
    public async Task<Outcome<ReviewItem>> DecideAsync(
        Tenant tenant, AuditActor actor, Guid reviewId, string item, ItemDecision decision, string? note, CancellationToken ct)
    {
        var errors = Check(decision, note);
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var decided = await DecideAllAsync(tenant, actor, reviewId, items =>
        {
            var found = int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                ? items.SingleOrDefault(i => i.Position == position)
                : items.SingleOrDefault(i => i.Ref == item);
            return found is null ? new NotFound("Review item", item.Length > 80 ? item[..80] : item) : new[] { new ItemChoice(found.Position, decision, note) };
        }, ct);
        return decided.Succeeded ? decided.Value.Single() : decided.Failure;
    }

    /// <summary>
    /// Decides several items of one review together, all or none — what a reviewer filled in on the checklist's page
    /// before pressing one of its buttons, so that nothing typed into another item is lost.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ReviewItem>>> DecideAsync(
        Tenant tenant, AuditActor actor, Guid reviewId, IReadOnlyList<ItemChoice> choices, CancellationToken ct)
    {
        foreach (var choice in choices)
        {
            var errors = Check(choice.Decision, choice.Note);
            if (errors.Any)
            {
                return errors.ToFailure();
            }
        }

        return await DecideAllAsync(tenant, actor, reviewId, items =>
        {
            var missing = choices.FirstOrDefault(c => items.All(i => i.Position != c.Position));
            // An interface converts to an outcome only through a concrete type.
            return missing is null ? choices.ToArray() : new NotFound("Review item", missing.Position.ToString(CultureInfo.InvariantCulture));
        }, ct);
    }

    /// <summary>What is wrong with a decision before any item is looked up: "changed" needs a note saying how.</summary>
    public static ValidationErrors Check(ItemDecision decision, string? note)
    {
        var errors = new ValidationErrors();
        if (decision == ItemDecision.Open)
        {
            errors.Add("decision", "Use confirmed or changed.");
        }

        if (decision == ItemDecision.Changed)
        {
            errors.Required("note", note, NoteLimit);
        }
        else
        {
            errors.Optional("note", note, NoteLimit);
        }

        return errors;
    }

    private async Task<Outcome<IReadOnlyList<ReviewItem>>> DecideAllAsync(
        Tenant tenant, AuditActor actor, Guid reviewId, Func<IReadOnlyList<ReviewItem>, Outcome<IReadOnlyList<ItemChoice>>> choose, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reviewId, ct) is not { } review)
        {
            return new NotFound("Review", reviewId.ToString());
        }

        if (review.Status != ReviewStatus.InProgress)
        {
            return new Conflict("The review is completed; its evidence stays as it was. Start a new review for what changed since.");
        }

        var items = await db.ReviewItems.Where(i => i.ReviewId == reviewId).ToListAsync(ct);
        var chosen = choose(items);
        if (!chosen.Succeeded)
        {
            return chosen.Failure;
        }

        var decided = new List<ReviewItem>();
        var events = new List<AuditEvent>();
        foreach (var choice in chosen.Value)
        {
            var found = items.Single(i => i.Position == choice.Position);
            found.Decide(choice.Decision, string.IsNullOrWhiteSpace(choice.Note) ? null : choice.Note.Trim(), actor.Name, Now);
            decided.Add(found);
            events.Add(Event(actor, AuditActions.ReviewItemDecided, tenant, review, new Dictionary<string, string?>
            {
                ["item"] = found.Ref,
                ["decision"] = choice.Decision.ToWire(),
            }));
        }

        if (events.Count > 0)
        {
            await audit.SaveChangesAsync(events, ct);
        }

        return decided;
    }

    /// <summary>Completes the review once every item is decided, with the data map revision in force now.</summary>
    public async Task<Outcome<ReviewView>> CompleteAsync(Tenant tenant, AuditActor actor, Guid reviewId, string? summary, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (summary is { Length: > NoteLimit })
        {
            return InvalidInput.For("summary", ValidationErrors.TooLong("summary", NoteLimit, summary.Length));
        }

        if (await db.Reviews.SingleOrDefaultAsync(r => r.Id == reviewId, ct) is not { } review)
        {
            return new NotFound("Review", reviewId.ToString());
        }

        if (review.Status != ReviewStatus.InProgress)
        {
            return new Conflict("The review is completed already.");
        }

        var items = await ItemsAsync(review.Id, ct);
        var open = items.Where(i => i.Decision == ItemDecision.Open).ToList();
        if (open.Count > 0)
        {
            return new Conflict($"{open.Count} item(s) are not decided yet (first: {open[0].Position} {open[0].Ref}); confirm or change each before completing.");
        }

        var revision = (await dataMap.CurrentAsync(tenant, ct))?.Revision ?? review.DataMapRevision;
        review.Complete(actor.Name, Now, revision, string.IsNullOrWhiteSpace(summary) ? null : summary.Trim());
        await audit.SaveChangesAsync(Event(actor, AuditActions.ReviewCompleted, tenant, review, new Dictionary<string, string?>
        {
            ["revision"] = review.DataMapRevision.ToString(CultureInfo.InvariantCulture),
            ["completedRevision"] = revision.ToString(CultureInfo.InvariantCulture),
            ["confirmed"] = items.Count(i => i.Decision == ItemDecision.Confirmed).ToString(CultureInfo.InvariantCulture),
            ["changed"] = items.Count(i => i.Decision == ItemDecision.Changed).ToString(CultureInfo.InvariantCulture),
        }), ct);
        return new ReviewView(review, items);
    }

    private async Task<IReadOnlyList<ReviewItem>> ItemsAsync(Guid reviewId, CancellationToken ct) =>
        await db.ReviewItems.AsNoTracking().Where(i => i.ReviewId == reviewId).OrderBy(i => i.Position).ToListAsync(ct);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static string Clip(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;

    private static AuditEvent Event(AuditActor actor, string action, Tenant tenant, Review review, Dictionary<string, string?> details) =>
        new(actor, action, tenant.Id, $"review:{review.Id}", details);
}
