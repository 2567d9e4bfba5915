using System.CommandLine;
using Lethe.Audit;
using Lethe.Notices;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary><c>lethe notice publish|check</c>: the privacy notice generated from the data map.</summary>
internal static class NoticeCommand
{
    public static Command Create(CliContext context)
    {
        var notice = new Command("notice", "The privacy notice generated from the data map.");
        notice.Subcommands.Add(Publish(context));
        notice.Subcommands.Add(Check(context));
        return notice;
    }

    private static Command Publish(CliContext context)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant's slug.", Required = true };
        var askAgain = new Option<bool>("--ask-consent-again")
        {
            Description = "Mark the version a material change for consent even if the consent purposes read as before (it is one when they changed).",
        };
        var command = new Command("publish", "Render the notice from the data map in force and publish it as the next version.") { tenant, askAgain };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var published = await sp.GetRequiredService<NoticeCommands>().PublishAsync(found, AuditActor.Cli(), parse.GetValue(askAgain), ct);
            if (!published.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {found.Slug} has no data map yet; import one with 'lethe manifest import'.");
                return LetheCli.Failed;
            }

            var version = published.Value;
            await context.Output.WriteLineAsync($"Published version {version.Number} of the notice of {found.Slug} at /p/{found.Slug}/privacy" +
                (version.AsksConsentAgain ? "; it asks for consent again." : "; consent given under earlier versions still holds."));
            return LetheCli.Ok;
        }));
        return command;
    }

    private static Command Check(CliContext context)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant's slug.", Required = true };
        var command = new Command("check", "Prove the published notice states the periods, recipients and categories in force; exit 1 on drift.") { tenant };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var drift = await sp.GetRequiredService<NoticeCommands>().CheckAsync(found, ct);
            if (drift.PublishedVersion is null)
            {
                await context.Output.WriteLineAsync($"{found.Slug} has published no notice yet; run 'lethe notice publish --tenant {found.Slug}'.");
                return LetheCli.Failed;
            }

            if (drift.InStep)
            {
                await context.Output.WriteLineAsync($"Version {drift.PublishedVersion} of the notice of {found.Slug} states what is in force.");
                return LetheCli.Ok;
            }

            await context.Output.WriteLineAsync($"Version {drift.PublishedVersion} of the notice of {found.Slug} has drifted from the data map in force:");
            foreach (var line in drift.NoLongerTrue)
            {
                await context.Output.WriteLineAsync($"  no longer true: {line}");
            }

            foreach (var line in drift.NotStated)
            {
                await context.Output.WriteLineAsync($"  not stated:     {line}");
            }

            await context.Output.WriteLineAsync($"Publish a new version: lethe notice publish --tenant {found.Slug}");
            return LetheCli.Failed;
        }));
        return command;
    }
}
