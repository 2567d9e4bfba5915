using System.CommandLine;
using Lethe.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary><c>lethe ropa export</c>: the Art. 30 records of processing activities.</summary>
internal static class RopaCommand
{
    public static Command Create(CliContext context)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant's slug.", Required = true };
        var record = new Option<string>("--record") { Description = "controller (Art. 30(1), the default) or processor (Art. 30(2))." };
        var format = new Option<string>("--format") { Description = "csv (the default), xlsx or json." };
        var language = new Option<string>("--language") { Description = "en (the default), da or nb." };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file (required for xlsx) instead of standard output." };
        var force = OutFile.ForceOption();
        var export = new Command("export", "Write the record of processing activities of a tenant.") { tenant, record, format, language, output, force };
        export.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var fmt = parse.GetValue(format) ?? "csv";
            if (!RecordExport.Formats.Contains(fmt))
            {
                await context.Error.WriteLineAsync($"lethe: --format must be csv, xlsx or json, not '{fmt}'.");
                return LetheCli.Usage;
            }

            var target = parse.GetValue(output);
            if (fmt == "xlsx" && target is null)
            {
                await context.Error.WriteLineAsync("lethe: --format xlsx needs --out FILE: a spreadsheet is not text for a terminal.");
                return LetheCli.Usage;
            }

            if (target is not null && OutFile.Refusal(target, parse.GetValue(force)) is { } refused)
            {
                await context.Error.WriteLineAsync(refused);
                return LetheCli.Usage;
            }

            var built = await sp.GetRequiredService<RecordCommands>()
                .BuildAsync(found, parse.GetValue(record) ?? "controller", parse.GetValue(language), ct);
            if (!built.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(built.Failure)}");
                return LetheCli.Failed;
            }

            var bytes = RecordExport.Render(built.Value, fmt);
            if (target is not null)
            {
                await File.WriteAllBytesAsync(target.FullName, bytes, ct);
                await context.Output.WriteLineAsync($"Wrote {built.Value.Rows.Count} processing activities to {target}.");
            }
            else
            {
                await context.Output.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
            }

            return LetheCli.Ok;
        }));

        var ropa = new Command("ropa", "The Art. 30 records of processing activities.");
        ropa.Subcommands.Add(export);
        return ropa;
    }
}
