using System.CommandLine;
using System.Globalization;
using Lethe.Audit;
using Lethe.Calendar;
using Lethe.Common;
using Lethe.Reviews;
using Lethe.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary>
/// <c>lethe review list|start|show|confirm ITEM|complete|export --html FILE|owner DUTY [--user EMAIL]</c>: the half-yearly review from the command
/// line. Without <c>--id</c> each acts on the review in progress (export and show: else the newest).
/// </summary>
internal static class ReviewCommand
{
    public static Command Create(CliContext context)
    {
        var review = new Command("review", "The half-yearly review: a checklist from the data map, each item confirmed or changed, kept as evidence.");
        var tenant = new Option<string>("--tenant") { Description = "The tenant's slug.", Required = true };
        var id = new Option<Guid?>("--id") { Description = "The review's id, as 'lethe review list' shows it; the review in progress when left out." };

        var list = new Command("list", "The reviews, newest first, and when the next is due.") { tenant };
        list.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            foreach (var r in await sp.GetRequiredService<ReviewCommands>().ListAsync(found, ct))
            {
                await context.Output.WriteLineAsync(
                    $"{r.Id}  {r.Status.ToWire(),-11} revision {r.DataMapRevision,-3} started {Day(r.StartedAt, found)}{(r.CompletedAt is { } c ? $", completed {Day(c, found)} by {r.CompletedBy}" : "")}");
            }

            foreach (var d in await sp.GetRequiredService<CalendarQueries>().ForTenantAsync(found, ct))
            {
                await context.Output.WriteLineAsync($"due {d.Duty.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  {d.State.ToString().ToLowerInvariant(),-8} {d.Duty.Id} ({d.Duty.Owner})");
            }

            return LetheCli.Ok;
        }));

        var start = new Command("start", "Start a review against the data map in force.") { tenant };
        start.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var started = await sp.GetRequiredService<ReviewCommands>().StartAsync(found, AuditActor.Cli(), ct);
            if (!started.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(started.Failure)}");
                return LetheCli.Failed;
            }

            await context.Output.WriteLineAsync($"Review {started.Value.Review.Id} started against data map revision {started.Value.Review.DataMapRevision}: {started.Value.Items.Count} item(s) to confirm.");
            return LetheCli.Ok;
        }));

        var show = new Command("show", "The checklist with each item's decision.") { tenant, id };
        show.SetAction((parse, ct) => WithReviewAsync(context, parse, tenant, id, newest: true, ct, async (sp, found, view) =>
        {
            var r = view.Review;
            await context.Output.WriteLineAsync($"Review {r.Id} ({r.Status.ToWire()}), data map revision {r.DataMapRevision}, due {r.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, {view.Open} open");
            foreach (var i in view.Items)
            {
                await context.Output.WriteLineAsync($"{i.Position,4}. [{i.Decision.ToWire(),-9}] {i.Ref}  {i.Label}{(i.Note is null ? "" : $" — {i.Note}")}");
            }

            return LetheCli.Ok;
        }));

        var item = new Argument<string>("ITEM") { Description = "The item's number as 'lethe review show' lists it, or kind:key (system:crm)." };
        var changed = new Option<bool>("--changed") { Description = "The item was changed (say how in --note), rather than confirmed as it is." };
        var note = new Option<string?>("--note") { Description = "What was checked or changed." };
        var confirm = new Command("confirm", "Confirm an item as it is, or with --changed record that it was changed.") { tenant, id, item, changed, note };
        confirm.SetAction((parse, ct) => WithReviewAsync(context, parse, tenant, id, newest: false, ct, async (sp, found, view) =>
        {
            var decision = parse.GetValue(changed) ? ItemDecision.Changed : ItemDecision.Confirmed;
            var decided = await sp.GetRequiredService<ReviewCommands>().DecideAsync(found, AuditActor.Cli(), view.Review.Id, parse.GetValue(item)!, decision, parse.GetValue(note), ct);
            if (!decided.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(decided.Failure)}");
                return decided.Failure is InvalidInput or NotFound ? LetheCli.Usage : LetheCli.Failed;
            }

            await context.Output.WriteLineAsync($"{decided.Value.Position}. {decided.Value.Ref}: {decision.ToWire()}.");
            return LetheCli.Ok;
        }));

        var summary = new Option<string?>("--summary") { Description = "Closing words kept with the evidence." };
        var complete = new Command("complete", "Complete the review once every item is decided; it is then kept unchanged.") { tenant, id, summary };
        complete.SetAction((parse, ct) => WithReviewAsync(context, parse, tenant, id, newest: false, ct, async (sp, found, view) =>
        {
            var completed = await sp.GetRequiredService<ReviewCommands>().CompleteAsync(found, AuditActor.Cli(), view.Review.Id, parse.GetValue(summary), ct);
            if (!completed.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(completed.Failure)}");
                return LetheCli.Failed;
            }

            var r = completed.Value.Review;
            await context.Output.WriteLineAsync($"Review {r.Id} completed against data map revision {r.DataMapRevision} (revision {r.CompletedRevision} in force now).");
            return LetheCli.Ok;
        }));

        var html = new Option<FileInfo>("--html") { Description = "The file to write the printable HTML report to.", Required = true };
        var language = new Option<string?>("--language") { Description = "en, da or nb; the tenant's own language when left out." };
        var export = new Command("export", "Write a review as a printable HTML report (print it to PDF from a browser).") { tenant, id, html, language };
        export.SetAction((parse, ct) => WithReviewAsync(context, parse, tenant, id, newest: true, ct, async (sp, found, view) =>
        {
            var lang = parse.GetValue(language);
            if (lang is not null && !Lethe.Localization.Texts.Languages.Contains(lang))
            {
                await context.Error.WriteLineAsync($"lethe: --language must be en, da or nb; '{lang}' is not.");
                return LetheCli.Usage;
            }

            var file = parse.GetValue(html)!;
            try
            {
                await File.WriteAllTextAsync(file.FullName, ReviewReport.Html(view, found, lang ?? ReviewReport.LanguageFor(found.Country)), ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"lethe: cannot write {file.Name}: {e.Message}");
                return LetheCli.Failed;
            }

            await context.Output.WriteLineAsync($"Review {view.Review.Id} written to {file.Name}.");
            return LetheCli.Ok;
        }));

        var duty = new Argument<string>("DUTY") { Description = "The duty as 'lethe review list' names it: half-yearly-review, risk-assessment:crm." };
        var user = new Option<string?>("--user") { Description = "The e-mail address of the member it is given to; left out: back to the privacy officers." };
        var owner = new Command("owner", "Give a duty of the compliance calendar to one person, or back to the privacy officers.") { tenant, duty, user };
        owner.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var assigned = await sp.GetRequiredService<DutyAssignments>().AssignAsync(found, AuditActor.Cli(), parse.GetValue(duty)!, parse.GetValue(user), ct);
            if (!assigned.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(assigned.Failure)}");
                return assigned.Failure is InvalidInput or NotFound ? LetheCli.Usage : LetheCli.Failed;
            }

            await context.Output.WriteLineAsync($"{assigned.Value.Duty.Id} is now {assigned.Value.Duty.Owner}'s, due {assigned.Value.Duty.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
            return LetheCli.Ok;
        }));

        review.Subcommands.Add(list);
        review.Subcommands.Add(start);
        review.Subcommands.Add(show);
        review.Subcommands.Add(confirm);
        review.Subcommands.Add(complete);
        review.Subcommands.Add(export);
        review.Subcommands.Add(owner);
        return review;
    }

    /// <summary>Runs <paramref name="action"/> on the review --id names, or the one in progress (or, with <paramref name="newest"/>, else the newest).</summary>
    private static Task<int> WithReviewAsync(
        CliContext context, ParseResult parse, Option<string> tenant, Option<Guid?> id, bool newest, CancellationToken ct,
        Func<IServiceProvider, Tenant, ReviewView, Task<int>> action) =>
        context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var reviews = sp.GetRequiredService<ReviewCommands>();
            var reviewId = parse.GetValue(id) ?? (await reviews.InProgressAsync(found, ct))?.Id
                ?? (newest ? (await reviews.ListAsync(found, ct)).FirstOrDefault()?.Id : null);
            if (reviewId is not { } chosen)
            {
                await context.Error.WriteLineAsync(newest
                    ? $"lethe: {found.Slug} has no review yet; start one with 'lethe review start --tenant {found.Slug}'."
                    : $"lethe: {found.Slug} has no review in progress; start one with 'lethe review start --tenant {found.Slug}', or name one with --id.");
                return LetheCli.Usage;
            }

            var view = await reviews.GetAsync(found, chosen, ct);
            if (!view.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(view.Failure)}");
                return LetheCli.Usage;
            }

            return await action(sp, found, view.Value);
        });

    private static string Day(DateTime utc, Tenant tenant) => Recurrence.LocalDay(utc, tenant.Country).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
