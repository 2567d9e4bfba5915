using System.CommandLine;
using System.Globalization;
using Lethe.Audit;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe.Cli;

/// <summary>
/// <c>lethe retention plan</c>: per rule, rows due now, due in the next 30 days, and held, without changing anything.
/// <c>lethe retention run</c>: carries the rules out now, with a progress line per rule, and prints the report.
/// <c>lethe retention hold add|release|list</c>: legal holds.
/// </summary>
internal static class RetentionCommand
{
    public static Command Create(CliContext context)
    {
        var retention = new Command("retention", "Retention: what is due, carrying it out, and legal holds.");
        retention.Subcommands.Add(Plan(context));
        retention.Subcommands.Add(Run(context));
        retention.Subcommands.Add(Holds(context));
        return retention;
    }

    private static Command Plan(CliContext context)
    {
        var tenant = new Option<string?>("--tenant") { Description = "The tenant's slug; every tenant with a data map when left out." };
        var command = new Command("plan", "Per rule: rows due now, due in the next 30 days, and held. Changes nothing.") { tenant };
        command.SetAction((parse, ct) => ForTenantsAsync(context, parse, parse.GetValue(tenant), ct, async (sp, found) =>
        {
            var plan = await sp.GetRequiredService<RetentionCommands>().PlanAsync(found, ct);
            if (!plan.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {found.Slug}: {CliContext.Describe(plan.Failure)}");
                return LetheCli.Failed;
            }

            var p = plan.Value;
            await context.Output.WriteLineAsync($"{found.Slug}: retention plan for {Day(p.Day)}");
            await context.Output.WriteLineAsync($"  {"rule",-22} {"collection",-32} {"action",-9} {"due now",10} {"next 30 d",10} {"held",8} {"refd",6}  rows anchored before");
            foreach (var rule in p.Rules)
            {
                await context.Output.WriteLineAsync(
                    $"  {rule.Rule,-22} {rule.Collection,-32} {rule.Action,-9} {N(rule.DueNow),10} {N(rule.DueNext30Days),10} {N(rule.Held),8} {N(rule.Referenced),6}  {Day(rule.Cutoff)}");
                if (rule.Problem is not null)
                {
                    await context.Output.WriteLineAsync($"    cannot count: {rule.Problem}");
                }
                else if (rule.HeldBecause is not null && rule.Held > 0)
                {
                    await context.Output.WriteLineAsync($"    held: {rule.HeldBecause}");
                }
            }

            foreach (var rule in p.NotSwept)
            {
                await context.Output.WriteLineAsync($"  {rule.Rule,-22} not swept: {rule.Reason}");
            }

            return p.Rules.Any(r => r.Problem is not null) ? LetheCli.Failed : LetheCli.Ok;
        }));
        return command;
    }

    private static Command Run(CliContext context)
    {
        var tenant = new Option<string?>("--tenant") { Description = "The tenant's slug; every tenant with a data map when left out." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Rows per batch (each one short transaction), the same for every batch; left out, batches size themselves to about Lethe:Retention:TargetBatchDuration (200 ms) each." };
        var command = new Command("run", "Delete or anonymize what is due now, in batches; an interrupted run resumes where it stopped.") { tenant, batchSize };
        command.SetAction((parse, ct) => ForTenantsAsync(context, parse, parse.GetValue(tenant), ct, async (sp, found) =>
        {
            var options = sp.GetRequiredService<IOptions<RetentionOptions>>().Value;
            if (parse.GetValue(batchSize) is { } size)
            {
                if (size is < 1 or > 100_000)
                {
                    await context.Error.WriteLineAsync("lethe: --batch-size must be between 1 and 100000.");
                    return LetheCli.Usage;
                }

                options = options.WithFixedBatchSize(size);
            }

            var runner = ActivatorUtilities.CreateInstance<RetentionRunner>(sp, Options.Create(options));
            if (await runner.StartAsync(found, AuditActor.Cli().Name ?? "cli", ct) is not { } run)
            {
                await context.Error.WriteLineAsync($"lethe: {found.Slug} has no data map yet; import one with 'lethe manifest import'.");
                return LetheCli.Failed;
            }

            await context.Output.WriteLineAsync($"{found.Slug}: retention run {run.Id} for {Day(run.Day)}");
            var bar = new ProgressLines(context.Output, Console.IsOutputRedirected || !ReferenceEquals(context.Output, Console.Out));
            try
            {
                await runner.WorkAsync(run.Id, bar, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C: the batch in flight rolled back, every finished batch has its checkpoint.
                await context.Error.WriteLineAsync($"lethe: stopped; 'lethe retention run --tenant {found.Slug}' goes on where this run stopped.");
                return LetheCli.Interrupted;
            }

            // The run was just started or resumed for this very tenant, so it is there.
            var report = (await sp.GetRequiredService<RetentionCommands>().RunAsync(found, run.Id, ct))!;
            foreach (var rule in report.Rules)
            {
                var what = rule.Error is not null ? $"failed: {rule.Error}"
                    : $"{N(rule.Deleted)} deleted, {N(rule.Anonymized)} anonymized, {N(rule.Held)} held, {N(rule.Referenced)} still referenced{(rule.Files > 0 ? $", {N(rule.Files)} files" : "")} in {rule.Seconds:0.0} s";
                await context.Output.WriteLineAsync($"  {rule.Rule} ({rule.Collection}): {what}");
            }

            foreach (var rule in report.Rules.Where(r => !r.Done && r.LeasedUntil is not null))
            {
                // A worker that was killed keeps its lease until it lapses; only then may another take the rule over.
                await context.Output.WriteLineAsync(
                    $"  {rule.Rule}: held by another worker until {rule.LeasedUntil:yyyy-MM-dd HH:mm:ss} UTC; if that worker has stopped, run again after then to go on from its last batch.");
            }

            return report.Rules.Any(r => r.Error is not null) ? LetheCli.Failed : LetheCli.Ok;
        }));
        return command;
    }

    private static Command Holds(CliContext context)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant's slug.", Required = true };
        var scope = new Option<string>("--scope") { Description = "tenant, collection or person.", Required = true };
        var collection = new Option<string?>("--collection") { Description = "For --scope collection: system.datastore.collection." };
        var identity = new Option<string[]>("--identity") { Description = "For --scope person: type=value; repeat for several." };
        var reason = new Option<string>("--reason") { Description = "Why the data must be kept: litigation, an authority's order.", Required = true };
        var until = new Option<string?>("--until") { Description = "The last day of the hold, yyyy-MM-dd; until released when left out." };
        var add = new Command("add", "Place a legal hold: the rows it covers are not deleted or anonymized while it lasts.") { tenant, scope, collection, identity, reason, until };
        add.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            DateOnly? last = null;
            if (parse.GetValue(until) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    await context.Error.WriteLineAsync($"lethe: --until must be a date as yyyy-MM-dd; '{text}' is not.");
                    return LetheCli.Usage;
                }

                last = day;
            }

            if (await RequestCommand.IdentitiesAsync(context, parse.GetValue(identity) ?? []) is not { } identities)
            {
                return LetheCli.Usage;
            }

            var placed = await sp.GetRequiredService<RetentionCommands>().AddHoldAsync(found, AuditActor.Cli(),
                new HoldInput(parse.GetValue(scope)!, parse.GetValue(reason)!, last, parse.GetValue(collection), identities), ct);
            if (!placed.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(placed.Failure)}");
                return LetheCli.Failed;
            }

            await context.Output.WriteLineAsync($"Hold {placed.Value.Id} placed ({placed.Value.Scope}{(last is { } l ? $", until {Day(l)}" : ", until released")}).");
            return LetheCli.Ok;
        }));

        var id = new Option<Guid>("--id") { Description = "The hold's id, as 'lethe retention hold list' shows it.", Required = true };
        var release = new Command("release", "End a legal hold now.") { tenant, id };
        release.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var released = await sp.GetRequiredService<RetentionCommands>().ReleaseHoldAsync(found, AuditActor.Cli(), parse.GetValue(id), ct);
            if (!released.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(released.Failure)}");
                return LetheCli.Failed;
            }

            await context.Output.WriteLineAsync($"Hold {released.Value.Id} released.");
            return LetheCli.Ok;
        }));

        var list = new Command("list", "The tenant's legal holds, newest first.") { tenant };
        list.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var all = await sp.GetRequiredService<RetentionCommands>().HoldsAsync(found, ct);
            if (all.Count == 0)
            {
                // Said, so an empty answer is not mistaken for a command that did nothing.
                await context.Output.WriteLineAsync($"{found.Slug} has no legal holds.");
            }

            foreach (var hold in all)
            {
                var state = hold.ReleasedAt is not null ? $"released {hold.ReleasedAt:yyyy-MM-dd}" : hold.Until is { } u ? $"until {Day(u)}" : "until released";
                var covers = hold.Scope switch { HoldScope.Collection => hold.Collection, HoldScope.Person => "one person", _ => "the whole tenant" };
                await context.Output.WriteLineAsync($"{hold.Id}  {hold.Scope,-10} {covers,-32} {state,-22} {hold.Reason}");
            }

            return LetheCli.Ok;
        }));

        var holds = new Command("hold", "Legal holds on a tenant, a collection or a person.");
        holds.Subcommands.Add(add);
        holds.Subcommands.Add(release);
        holds.Subcommands.Add(list);
        return holds;
    }

    /// <summary>Runs <paramref name="action"/> for one tenant, or for every tenant with a data map; fails if any fails.</summary>
    internal static async Task<int> ForTenantsAsync(CliContext context, ParseResult parse, string? slug, CancellationToken ct, Func<IServiceProvider, Tenant, Task<int>> action)
    {
        if (slug is not null)
        {
            return await context.WithTenantAsync(parse, slug, ct, action);
        }

        await using var services = await context.CoreServicesAsync(parse);
        if (services is null)
        {
            return LetheCli.Failed;
        }

        List<string> slugs;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            await DatabaseMigrator.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<StorageSettings>(), ct);
            var mapped = db.DataMapRevisions.IgnoreQueryFilters().Select(r => r.TenantId);
            slugs = await db.Tenants.IgnoreQueryFilters().Where(t => mapped.Contains(t.Id)).OrderBy(t => t.Slug).Select(t => t.Slug).ToListAsync(ct);
        }

        if (slugs.Count == 0)
        {
            await context.Error.WriteLineAsync("lethe: no tenant has a data map yet; import one with 'lethe manifest import'.");
            return LetheCli.Failed;
        }

        var result = LetheCli.Ok;
        foreach (var each in slugs)
        {
            result = Math.Max(result, await context.WithTenantAsync(parse, each, ct, action));
        }

        return result;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
