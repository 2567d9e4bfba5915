using System.CommandLine;
using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Scanning;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary>
/// <c>lethe scan</c>: reads every text column of the tenant's SQL datastores for personal data, with a progress line,
/// and prints the findings — where and how many, never the values — with what to change in the data map.
/// <c>lethe scan mask</c>: masks what one finding found, after a dry run by default.
/// </summary>
internal static class ScanCommand
{
    public static Command Create(CliContext context)
    {
        var tenant = new Option<string?>("--tenant") { Description = "The tenant's slug; every tenant with a data map when left out." };
        var datastore = new Option<string?>("--datastore") { Description = "Only this datastore, as system.datastore." };
        var sample = new Option<int?>("--sample") { Description = "A quick look: at most this many rows per table." };
        var parallel = new Option<int?>("--parallel") { Description = $"Tables read at once (default {ScanInput.DefaultParallel}, at most {ScanInput.MaxParallel})." };
        var resume = new Option<bool>("--resume") { Description = "Go on with the tenant's unfinished scan where it stopped, instead of starting a new one." };
        var scan = new Command("scan", "Find personal data in every text column of the tenant's databases: where and how many, never the values.")
        {
            tenant, datastore, sample, parallel, resume,
        };
        scan.SetAction((parse, ct) => RetentionCommand.ForTenantsAsync(context, parse, parse.GetValue(tenant), ct, async (sp, found) =>
        {
            var runner = sp.GetRequiredService<ScanRunner>();
            ScanRun? run = null;
            if (parse.GetValue(resume))
            {
                run = await runner.UnfinishedAsync(found, ct);
                if (run is null)
                {
                    await context.Output.WriteLineAsync($"{found.Slug}: no unfinished scan to resume; starting a new one.");
                }
            }

            if (run is null)
            {
                var started = await runner.StartAsync(found, AuditActor.Cli(),
                    new ScanInput(parse.GetValue(datastore), parse.GetValue(sample), parse.GetValue(parallel) ?? ScanInput.DefaultParallel), ct);
                if (!started.Succeeded)
                {
                    await context.Error.WriteLineAsync($"lethe: {found.Slug}: {CliContext.Describe(started.Failure)}");
                    return started.Failure is InvalidInput ? LetheCli.Usage : LetheCli.Failed;
                }

                run = started.Value;
            }

            await context.Output.WriteLineAsync($"{found.Slug}: scan {run.Id}{(run.Sample is { } n ? $", {N(n)} rows per table" : "")}, {run.Parallel} at once");
            var bar = new ScanProgressLines(context.Output, Console.IsOutputRedirected || !ReferenceEquals(context.Output, Console.Out), await runner.TablesAsync(run.Id, ct));
            try
            {
                await runner.WorkAsync(run.Id, bar, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                bar.Done();
                await context.Error.WriteLineAsync($"lethe: stopped; 'lethe scan --tenant {found.Slug} --resume' goes on where this scan stopped.");
                return LetheCli.Interrupted;
            }

            bar.Done();
            var report = (await sp.GetRequiredService<ScanQueries>().FindAsync(found, run.Id, ct))!;
            await WriteAsync(context.Output, report);
            return report.Tables.Any(t => t.Error is not null) ? LetheCli.Failed : LetheCli.Ok;
        }));
        scan.Subcommands.Add(Mask(context));
        return scan;
    }

    private static async Task WriteAsync(TextWriter output, ScanReport report)
    {
        foreach (var table in report.Tables.Where(t => t.Error is not null))
        {
            await output.WriteLineAsync($"  not read: {table.Datastore}{(table.Table.Length > 0 ? "." + table.Table : "")}: {table.Error}");
        }

        await output.WriteLineAsync($"  {N(report.Rows)} rows, {report.Bytes / 1e6:0.0} MB in {report.Tables.Count(t => t.Table.Length > 0)} tables; {report.Findings.Count} findings");
        if (report.Findings.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync($"  {"id",-36} {"column",-36} {"found",-14} {"confidence",-10} {"rows",10} {"matches",10}  example rows");
        foreach (var f in report.Findings)
        {
            var keys = string.Join(" ", System.Text.Json.JsonSerializer.Deserialize<List<string>>(f.ExampleKeys) ?? []);
            await output.WriteLineAsync($"  {f.Id,-36} {$"{f.Datastore}.{f.Table}.{f.Column}",-36} {f.Kind.ToWire(),-14} {f.Confidence.ToWire(),-10} {N(f.Rows),10} {N(f.Matches),10}  {keys}");
            await output.WriteLineAsync($"    → {ScanSuggestion.Say(f, "en")}");
        }
    }

    private static Command Mask(CliContext context)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant's slug.", Required = true };
        var scanId = new Option<Guid>("--scan") { Description = "The scan's id, as 'lethe scan' printed it.", Required = true };
        var finding = new Option<Guid>("--finding") { Description = "The finding's id, as 'lethe scan' printed it.", Required = true };
        var run = new Option<bool>("--run") { Description = "Change the datastore; without it, only count what would change (a dry run)." };
        var mask = new Command("mask", "Replace what a finding found, in place, with a mark such as [cpr removed]; a dry run unless --run.") { tenant, scanId, finding, run };
        mask.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var dryRun = !parse.GetValue(run);
            var masked = await sp.GetRequiredService<ScanMasking>().MaskAsync(found, AuditActor.Cli(), parse.GetValue(scanId), parse.GetValue(finding), dryRun, ct);
            if (!masked.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(masked.Failure)}");
                return LetheCli.Failed;
            }

            var m = masked.Value;
            await context.Output.WriteLineAsync(dryRun
                ? $"Dry run: masking {m.Datastore}.{m.Table}.{m.Column} would change {N(m.Rows)} rows ({N(m.Matches)} {m.Kind.ToWire()} matches). Add --run to change them."
                : $"Masked {N(m.Matches)} {m.Kind.ToWire()} matches in {N(m.Rows)} rows of {m.Datastore}.{m.Table}.{m.Column}.");
            return LetheCli.Ok;
        }));
        return mask;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
