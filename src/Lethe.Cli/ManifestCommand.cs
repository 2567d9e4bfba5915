using System.CommandLine;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary><c>lethe manifest validate|import|export</c>: the data map as a file kept in git.</summary>
internal static class ManifestCommand
{
    public static Command Create(CliContext context)
    {
        var manifest = new Command("manifest", "The privacy manifest (data map) as a YAML file.");
        manifest.Subcommands.Add(Validate(context));
        manifest.Subcommands.Add(Import(context));
        manifest.Subcommands.Add(Export(context));
        manifest.Subcommands.Add(Check(context));
        manifest.Subcommands.Add(Upgrade(context));
        return manifest;
    }

    private static Command Upgrade(CliContext context)
    {
        var file = FileArgument();
        var command = new Command("upgrade",
            "Rewrite a format-1 manifest as format 2 in place, writing in whose each collection's rows are (is: person, belongsTo); " +
            "where that is unclear, print what to add and change nothing.") { file };
        command.SetAction(async (parse, ct) =>
        {
            var info = parse.GetValue(file)!;
            if (await ReadFileAsync(context, info) is not { } text)
            {
                return LetheCli.Failed;
            }

            var (upgraded, added, errors) = ManifestUpgradeText.Upgrade(text, info.ToString());
            if (upgraded is null)
            {
                foreach (var error in errors)
                {
                    await context.Error.WriteLineAsync(error.ToString());
                }

                return LetheCli.Failed;
            }

            if (added.Count == 0 && upgraded == text)
            {
                await context.Output.WriteLineAsync($"{info} is already format {Manifest.CurrentFormat}.");
                return LetheCli.Ok;
            }

            await File.WriteAllTextAsync(info.FullName, upgraded, ct);
            foreach (var line in added)
            {
                await context.Output.WriteLineAsync($"  {line}");
            }

            await context.Output.WriteLineAsync($"{info} is now format {Manifest.CurrentFormat} ({added.Count} collections given an owner). Review the owners, and add mentions, owns and when where the data needs them.");
            return LetheCli.Ok;
        });
        return command;
    }

    private static Command Check(CliContext context)
    {
        var file = FileArgument();
        var command = new Command("check",
            "Connect to each postgres/sqlite datastore (connections from the env: references) and report what the manifest names that the " +
            "database lacks, and undescribed columns that look personal. Exit 1 on any finding.") { file };
        command.SetAction(async (parse, ct) =>
        {
            if (await ReadFileAsync(context, parse.GetValue(file)!) is not { } text)
            {
                return LetheCli.Failed;
            }

            var read = ManifestReader.Read(text, parse.GetValue(file)!.ToString());
            if (!read.IsValid)
            {
                await context.Error.WriteLineAsync($"lethe: {read.Errors[0]} (run 'lethe manifest validate' for all errors)");
                return LetheCli.Failed;
            }

            // The operator's own file: its env: references are the operator's, but none may reach Lethe's own store (--data).
            var own = context.Settings.Resolve(parse).Value is { } storage
                ? new Lethe.Connectors.OwnStore(storage, Lethe.Storage.KeyRingKey.DefaultPath(storage.DataDirectory))
                : null;
            var connections = new Lethe.Connectors.DatastoreConnections(null, own).ForOperator();
            var findings = await Lethe.Connectors.DatastoreCheck.RunAsync(read.Manifest!, store => TryConnection(connections, store), ct, own);
            foreach (var finding in findings)
            {
                await context.Output.WriteLineAsync(finding.ToString());
            }

            var checkedStores = read.Manifest!.Systems.SelectMany(s => s.Datastores).Count(d => d.Kind.IsSql);
            await context.Output.WriteLineAsync(findings.Count == 0
                ? $"All {checkedStores} datastores match the manifest."
                : $"{findings.Count} finding(s) in {checkedStores} datastores.");
            return findings.Count == 0 ? LetheCli.Ok : LetheCli.Failed;
        });
        return command;
    }

    private static Argument<FileInfo> FileArgument() => new("file") { Description = "The manifest file (YAML)." };

    private static Option<string> TenantOption() => new("--tenant") { Description = "The tenant's slug.", Required = true };

    private static Command Validate(CliContext context)
    {
        var file = FileArgument();
        var command = new Command("validate", "Check a manifest file; every error is printed as file:line:column: field: message.") { file };
        command.SetAction(async (parse, _) =>
        {
            if (await ReadFileAsync(context, parse.GetValue(file)!) is not { } text)
            {
                return LetheCli.Failed;
            }

            var path = parse.GetValue(file)!.ToString();
            var result = ManifestReader.Read(text, path);
            if (!result.IsValid)
            {
                foreach (var error in result.Errors)
                {
                    await context.Error.WriteLineAsync(error.ToString());
                }

                return LetheCli.Failed;
            }

            foreach (var warning in result.Warnings)
            {
                await context.Output.WriteLineAsync($"warning: {warning}");
            }

            var m = result.Manifest!;
            await context.Output.WriteLineAsync(
                $"{path} is valid (systems: {m.Systems.Count}, processing activities: {m.Activities.Count}, retention rules: {m.RetentionRules.Count}).");
            return LetheCli.Ok;
        });
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = FileArgument();
        var tenant = TenantOption();
        var command = new Command("import", "Validate a manifest file and make it the tenant's data map (a new revision).") { file, tenant };
        command.SetAction(async (parse, ct) =>
        {
            if (await ReadFileAsync(context, parse.GetValue(file)!) is not { } text)
            {
                return LetheCli.Failed;
            }

            return await context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
            {
                var imported = await sp.GetRequiredService<DataMapCommands>()
                    .ImportAsync(found, AuditActor.Cli(), text, parse.GetValue(file)!.ToString(), ct);
                if (!imported.Succeeded)
                {
                    if (imported.Failure is InvalidManifest invalid)
                    {
                        foreach (var error in invalid.Errors)
                        {
                            await context.Error.WriteLineAsync(error.ToString());
                        }
                    }
                    else
                    {
                        await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(imported.Failure)}");
                    }

                    return LetheCli.Failed;
                }

                foreach (var warning in imported.Value.Warnings)
                {
                    await context.Output.WriteLineAsync($"warning: {warning}");
                }

                var revision = imported.Value.Revision;
                await context.Output.WriteLineAsync($"The data map of {found.Slug} is revision {revision.Revision} ({revision.Sha256[..12]}).");
                return LetheCli.Ok;
            });
        });
        return command;
    }

    private static Command Export(CliContext context)
    {
        var tenant = TenantOption();
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var force = OutFile.ForceOption();
        var command = new Command("export", "Write the tenant's data map in force as YAML.") { tenant, output, force };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            if (await sp.GetRequiredService<DataMapCommands>().CurrentAsync(found, ct) is not { } revision)
            {
                await context.Error.WriteLineAsync($"lethe: {found.Slug} has no data map yet; import one with 'lethe manifest import'.");
                return LetheCli.Failed;
            }

            if (parse.GetValue(output) is { } target)
            {
                if (OutFile.Refusal(target, parse.GetValue(force)) is { } refused)
                {
                    await context.Error.WriteLineAsync(refused);
                    return LetheCli.Usage;
                }

                await File.WriteAllTextAsync(target.FullName, revision.Yaml, ct);
            }
            else
            {
                await context.Output.WriteAsync(revision.Yaml);
            }

            return LetheCli.Ok;
        }));
        return command;
    }

    private static async Task<string?> ReadFileAsync(CliContext context, FileInfo file)
    {
        if (!file.Exists)
        {
            await context.Error.WriteLineAsync($"lethe: the file '{file}' does not exist.");
            return null;
        }

        // Refused before it is read: a file of gigabytes would otherwise be held in memory only to be refused.
        if (file.Length > ManifestLimits.MaxBytes)
        {
            await context.Error.WriteLineAsync(
                $"lethe: the file '{file}' is {file.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes; a manifest may be at most {ManifestLimits.MaxBytes / 1024} KiB.");
            return null;
        }

        return await File.ReadAllTextAsync(file.FullName);
    }

    /// <summary>The datastore's connection string, or null (reported as unreachable) when its reference names nothing set.</summary>
    private static string? TryConnection(Lethe.Connectors.TenantConnections connections, Lethe.DataMap.Datastore store)
    {
        try
        {
            return connections.ConnectionString(store.Connection, store.Key);
        }
        catch (Lethe.Connectors.DatastoreProblem)
        {
            return null;
        }
    }
}
