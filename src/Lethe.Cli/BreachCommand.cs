using System.CommandLine;
using System.Globalization;
using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Common;
using Lethe.Localization;
using Lethe.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary>
/// <c>lethe breach</c>: the breach register (Art. 33, 34) — list, show, register, assess, notify the authority, write to
/// the people of a high-risk breach (a dry run first), close. Times are shown on the tenant's clock with its zone named.
/// </summary>
internal static class BreachCommand
{
    public static Command Create(CliContext context)
    {
        var breach = new Command("breach", "The breach register: the 72-hour clock, the notification to the authority and the letters to the people.");
        breach.Subcommands.Add(List(context));
        breach.Subcommands.Add(Show(context));
        breach.Subcommands.Add(Register(context));
        breach.Subcommands.Add(Assess(context));
        breach.Subcommands.Add(Notify(context));
        breach.Subcommands.Add(Letters(context));
        breach.Subcommands.Add(Close(context));
        return breach;
    }

    private static Option<string> TenantOption() => new("--tenant") { Description = "The tenant's slug.", Required = true };

    private static Argument<Guid> IdArgument() => new("id") { Description = "The breach's id, as 'lethe breach list' prints it." };

    private static Command List(CliContext context)
    {
        var tenant = TenantOption();
        var command = new Command("list", "Every breach, notified or not, newest awareness first, with its 72-hour deadline.") { tenant };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var breaches = await sp.GetRequiredService<BreachCommands>().ListAsync(found, AuditActor.Cli(), ct);
            if (breaches.Count == 0)
            {
                await context.Output.WriteLineAsync($"{found.Slug}: no breach is registered.");
                return LetheCli.Ok;
            }

            await context.Output.WriteLineAsync($"  {"id",-36} {"status",-9} {"risk",-9} {"aware",-16} {"deadline",-16} {"left",-10} affected   (times: {Zone(found)})");
            foreach (var b in breaches)
            {
                await context.Output.WriteLineAsync(
                    $"  {b.Id,-36} {b.Status.ToWire(),-9} {(b.Risk is { } r ? r.ToWire() : "-"),-9} {When(b.AwareAt, found),-16} {When(b.Clock.Deadline, found),-16} {Left(b, now),-10} {b.Affected}");
            }

            return LetheCli.Ok;
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var tenant = TenantOption();
        var id = IdArgument();
        var command = new Command("show", "One breach: its clock, what the data map says it touched, the counts, the assessment, the notifications and letters.") { id, tenant };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var view = await sp.GetRequiredService<BreachCommands>().GetAsync(found, AuditActor.Cli(), parse.GetValue(id), ct);
            if (!view.Succeeded)
            {
                return await FailedAsync(context, view.Failure);
            }

            await WriteAsync(context.Output, view.Value, found, sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            return LetheCli.Ok;
        }));
        return command;
    }

    private static Command Register(CliContext context)
    {
        var tenant = TenantOption();
        var aware = new Option<string>("--aware-at") { Description = "When the company became aware: ISO 8601, e.g. 2026-03-29T23:30+02:00; without an offset, the tenant's own clock.", Required = true };
        var occurred = new Option<string?>("--occurred-at") { Description = "When the breach happened, if known; as --aware-at." };
        var description = new Option<string>("--description") { Description = "What happened.", Required = true };
        var affected = new Option<string[]>("--affected")
        {
            Description = "A system, system.datastore or system.datastore.collection of the data map it touched; repeat for each.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("register", "Register a breach and count the people and records it touched in the datastores.") { tenant, aware, occurred, description, affected };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            if (!TryTime(parse.GetValue(aware), found, out var awareAt) || !TryTime(parse.GetValue(occurred), found, out var occurredAt))
            {
                await context.Error.WriteLineAsync("lethe: --aware-at and --occurred-at take an ISO 8601 time, e.g. 2026-03-29T23:30+02:00 (or 2026-03-29T23:30 on the tenant's own clock).");
                return LetheCli.Usage;
            }

            var input = new BreachInput(occurredAt, awareAt, parse.GetValue(description), parse.GetValue(affected) ?? []);
            var registered = await sp.GetRequiredService<BreachCommands>().RegisterAsync(found, AuditActor.Cli(), input, ct);
            if (!registered.Succeeded)
            {
                return await FailedAsync(context, registered.Failure);
            }

            var b = registered.Value;
            var counts = BreachCounts.Read(b.CountsJson);
            await context.Output.WriteLineAsync($"Registered breach {b.Id}: {N(counts?.Records ?? 0)} records of {N(counts?.People ?? 0)} people in {b.AffectedParts.Count} collections"
                + $"{(counts?.Incomplete == true ? " (some datastores could not be counted; 'lethe breach show' names them)" : "")}.");
            await context.Output.WriteLineAsync($"Assess its risk; {found.SupervisoryAuthority} must be told by {When(b.Clock.Deadline, found)} ({Zone(found)}) unless it is unlikely to result in a risk.");
            return LetheCli.Ok;
        }));
        return command;
    }

    private static Command Assess(CliContext context)
    {
        var tenant = TenantOption();
        var id = IdArgument();
        var risk = new Option<string>("--risk") { Description = "unlikely, risk or high_risk.", Required = true };
        var reasons = new Option<string>("--reasons") { Description = "Why the risk is what it is.", Required = true };
        var consequences = new Option<string?>("--consequences") { Description = "The likely consequences for the people (Art. 33(3)(c))." };
        var measures = new Option<string?>("--measures") { Description = "Measures taken or proposed (Art. 33(3)(d))." };
        var command = new Command("assess", "Record the risk assessment with its reasons; it may be revised until the authority is told.") { id, tenant, risk, reasons, consequences, measures };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var input = new AssessmentInput(parse.GetValue(risk), parse.GetValue(reasons), parse.GetValue(consequences), parse.GetValue(measures));
            var assessed = await sp.GetRequiredService<BreachCommands>().AssessAsync(found, AuditActor.Cli(), parse.GetValue(id), input, ct);
            if (!assessed.Succeeded)
            {
                return await FailedAsync(context, assessed.Failure);
            }

            var b = assessed.Value.Breach;
            await context.Output.WriteLineAsync($"Assessed breach {b.Id}: {b.Risk?.ToWire()}."
                + (b.Risk == BreachRisk.HighRisk ? " The people are to be told too: 'lethe breach letters --dry-run' counts the letters." : ""));
            return LetheCli.Ok;
        }));
        return command;
    }

    private static Command Notify(CliContext context)
    {
        var tenant = TenantOption();
        var id = IdArgument();
        var lateReason = new Option<string?>("--late-reason") { Description = "Why the notification comes after 72 hours; required then (Art. 33(1))." };
        var added = new Option<string?>("--added") { Description = "For a further phase (Art. 33(4)): what it adds to what the authority was told; required then." };
        var consequences = new Option<string?>("--consequences") { Description = "For a further phase: the likely consequences as now known; they replace the ones stated so far." };
        var measures = new Option<string?>("--measures") { Description = "For a further phase: the measures as now taken or proposed; they replace the ones stated so far." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the notification (Markdown) to this file instead of printing it." };
        var force = OutFile.ForceOption();
        var preview = new Option<bool>("--preview") { Description = "Print the notification as it would be made now, and record nothing: read it, send it to the authority, then run notify without --preview." };
        var command = new Command("notify", "Record the notification to the supervisory authority in its language, or a further phase saying what it adds, and print or write it.")
        {
            id, tenant, lateReason, added, consequences, measures, output, force, preview,
        };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            // Refused before the notification is made: a phase recorded but not written would be lost to the operator.
            if (parse.GetValue(output) is { } checkedTarget && OutFile.Refusal(checkedTarget, parse.GetValue(force)) is { } refused)
            {
                await context.Error.WriteLineAsync(refused);
                return LetheCli.Usage;
            }

            var input = new NotificationInput(parse.GetValue(lateReason), parse.GetValue(added), parse.GetValue(consequences), parse.GetValue(measures));
            var breaches = sp.GetRequiredService<BreachCommands>();
            var made = parse.GetValue(preview)
                ? await breaches.PreviewNotificationAsync(found, AuditActor.Cli(), parse.GetValue(id), input, ct)
                : await breaches.NotifyAsync(found, AuditActor.Cli(), parse.GetValue(id), input, ct);
            if (!made.Succeeded)
            {
                return await FailedAsync(context, made.Failure);
            }

            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, made.Value.Markdown, ct);
                await context.Output.WriteLineAsync(parse.GetValue(preview)
                    ? $"Notification part {made.Value.Phase} ({made.Value.Language}) as it would be made now written to {file.FullName}; nothing was recorded."
                    : $"Notification part {made.Value.Phase} ({made.Value.Language}) written to {file.FullName}; send it to {found.SupervisoryAuthority}.");
            }
            else
            {
                await context.Output.WriteAsync(made.Value.Markdown);
            }

            return LetheCli.Ok;
        }));
        return command;
    }

    private static Command Letters(CliContext context)
    {
        var tenant = TenantOption();
        var id = IdArgument();
        var dryRun = new Option<bool>("--dry-run") { Description = "Count the letters, by language, and the people without an e-mail address; send nothing." };
        var send = new Option<bool>("--send") { Description = "Queue one letter per person in the outbox, in their language; once per breach." };
        var description = new Option<string?>("--description") { Description = "What happened, in plain words for the people; the register's description when left out." };
        var command = new Command("letters", "Write to the people of a high-risk breach (Art. 34): --dry-run to count, --send to send.") { id, tenant, dryRun, send, description };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(dryRun) == parse.GetValue(send))
            {
                await context.Error.WriteLineAsync("lethe: say either --dry-run (count the letters) or --send (send them).");
                return LetheCli.Usage;
            }

            return await context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
            {
                var letters = sp.GetRequiredService<BreachLetters>();
                if (parse.GetValue(dryRun))
                {
                    var plan = await letters.PlanAsync(found, AuditActor.Cli(), parse.GetValue(id), ct);
                    if (!plan.Succeeded)
                    {
                        return await FailedAsync(context, plan.Failure);
                    }

                    var p = plan.Value;
                    foreach (var d in p.Datastores.Where(d => d.Problem is not null))
                    {
                        await context.Output.WriteLineAsync($"  not read: {d.Datastore}: {d.Problem}");
                    }

                    await context.Output.WriteLineAsync(p.Sent is { } sent
                        ? $"The letters were sent already: {N(sent.Letters ?? 0)} ({sent.Languages})."
                        : $"Dry run: {N(p.Letters)} letters would be sent ({(p.Languages.Length > 0 ? p.Languages : "none")}); {N(p.WithoutAddress)} people affected have no e-mail address. Add --send to send them.");
                    return LetheCli.Ok;
                }

                var sentNow = await letters.SendAsync(found, AuditActor.Cli(), parse.GetValue(id), parse.GetValue(description), ct);
                if (!sentNow.Succeeded)
                {
                    return await FailedAsync(context, sentNow.Failure);
                }

                var s = sentNow.Value;
                await context.Output.WriteLineAsync($"Queued {N(s.Letters ?? 0)} letters ({s.Languages}) in the outbox; {N(s.WithoutAddress ?? 0)} people affected have no e-mail address.");
                return LetheCli.Ok;
            });
        });
        return command;
    }

    private static Command Close(CliContext context)
    {
        var tenant = TenantOption();
        var id = IdArgument();
        var command = new Command("close", "Close a breach that was notified, or assessed as unlikely to result in a risk.") { id, tenant };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var closed = await sp.GetRequiredService<BreachCommands>().CloseAsync(found, AuditActor.Cli(), parse.GetValue(id), ct);
            if (!closed.Succeeded)
            {
                return await FailedAsync(context, closed.Failure);
            }

            await context.Output.WriteLineAsync($"Closed breach {closed.Value.Breach.Id}.");
            return LetheCli.Ok;
        }));
        return command;
    }

    private static async Task WriteAsync(TextWriter output, BreachView view, Tenant tenant, DateTime now)
    {
        var b = view.Breach;
        await output.WriteLineAsync($"Breach {b.Id} ({b.Status.ToWire()}), times on the tenant's clock ({Zone(tenant)})");
        await output.WriteLineAsync($"  aware:       {When(b.AwareAt, tenant)}");
        await output.WriteLineAsync($"  occurred:    {(b.OccurredAt is { } o ? When(o, tenant) : "not known")}");
        await output.WriteLineAsync($"  deadline:    {When(b.Clock.Deadline, tenant)} ({Left(b, now)})");
        await output.WriteLineAsync($"  affected:    {b.Affected}");
        await output.WriteLineAsync($"  description: {b.Description}");
        if (view.Impact is { } impact)
        {
            await output.WriteLineAsync($"  people:      {string.Join(", ", impact.Subjects.Select(s => s.Key))}");
            await output.WriteLineAsync($"  data:        {string.Join(", ", impact.DataCategories.Select(c => c.Key + (c.Special ? " (special)" : "") + (c.NationalId ? " (national id)" : "")))}");
        }

        foreach (var d in view.Counts?.Datastores ?? [])
        {
            await output.WriteLineAsync($"  counted:     {d.Datastore}: {(d.Problem is null ? $"{N(d.Records ?? 0)} records, {N(d.People ?? 0)} people" : d.Problem)}");
        }

        await output.WriteLineAsync($"  risk:        {(b.Risk is { } r ? $"{r.ToWire()}: {b.RiskReasons}" : "not assessed")}");
        foreach (var n in view.Notifications)
        {
            await output.WriteLineAsync($"  notified:    part {n.Phase} ({n.Language}) {When(n.MadeAt, tenant)} by {n.MadeBy}{(n.Added is null ? "" : $"; added: {n.Added}")}");
        }

        foreach (var c in view.Communications)
        {
            await output.WriteLineAsync(c.Kind == BreachCommunicationKind.Letters
                ? $"  letters:     {N(c.Letters ?? 0)} ({c.Languages}) {When(c.MadeAt, tenant)} by {c.MadeBy}; {N(c.WithoutAddress ?? 0)} without an address"
                : $"  notice:      published {(c.PublishedAt is { } at ? When(at, tenant) : "")} in {c.PublishedWhere}; because {c.Reason}");
        }
    }

    private static async Task<int> FailedAsync(CliContext context, Failure failure)
    {
        await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(failure)}");
        return failure is InvalidInput ? LetheCli.Usage : LetheCli.Failed;
    }

    /// <summary>An ISO 8601 time; one without an offset is read on the tenant's own clock, as the console reads it.</summary>
    private static bool TryTime(string? text, Tenant tenant, out DateTime? utc)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var styles = DateTimeStyles.AllowWhiteSpaces;
        string[] local = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"];
        if (DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, styles, out var wall))
        {
            utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), LocalTime.Zone(tenant.Country));
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var exact) 
            && System.Text.RegularExpressions.Regex.IsMatch(text.Trim(), @"^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$"))
        {
            utc = exact.UtcDateTime;
            return true;
        }

        return false;
    }

    private static string When(DateTime utc, Tenant tenant) => LocalTime.Short(utc, tenant.Country);

    private static string Zone(Tenant tenant) => Texts.Get(TextId.TimeZone(tenant.Country), "en");

    private static string Left(Breach b, DateTime now)
    {
        if (b.NotifiedAt is not null)
        {
            return "notified";
        }

        var left = b.Clock.Left(now);
        var span = left.Duration();
        var text = $"{(int)span.TotalHours}h{span.Minutes:00}m";
        return left < TimeSpan.Zero ? $"-{text}" : text;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
