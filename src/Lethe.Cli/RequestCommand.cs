using System.CommandLine;
using Lethe.DataMap;
using Lethe.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary><c>lethe request plan</c>: what a request would look up in each datastore, and the SQL, without running it.</summary>
internal static class RequestCommand
{
    public static Command Create(CliContext context)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant's slug.", Required = true };
        var identity = new Option<string[]>("--identity")
        {
            Description = "An identity as type=value (email, phone, customer_number, national_id, extension, full_name); repeat for several.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var plan = new Command("plan", "Print the walk over every SQL datastore of the tenant's data map, with its SQL, without running it.") { tenant, identity };
        plan.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var identities = new List<Identity>();
            foreach (var text in parse.GetValue(identity) ?? [])
            {
                if (Identity.Parse(text) is not { } parsed || !ManifestVocabulary.IdentityTypes.Contains(parsed.Type))
                {
                    await context.Error.WriteLineAsync(
                        $"lethe: --identity must be type=value with a type of {string.Join(", ", ManifestVocabulary.IdentityTypes)}; '{text}' is not.");
                    return LetheCli.Usage;
                }

                identities.Add(parsed);
            }

            if (await sp.GetRequiredService<DataMapCommands>().CurrentManifestAsync(found, ct) is not { } manifest)
            {
                await context.Error.WriteLineAsync($"lethe: {found.Slug} has no data map yet; import one with 'lethe manifest import'.");
                return LetheCli.Failed;
            }

            var steps = 0;
            foreach (var system in manifest.Systems)
            {
                foreach (var store in system.Datastores.Where(d => d.Kind is "postgres" or "sqlite"))
                {
                    var walk = WalkPlan.For($"{system.Key}.{store.Key}", store, identities);
                    await context.Output.WriteLineAsync($"{walk.Datastore} ({store.Kind}): {(walk.Steps.Count == 0 ? "no collection matches these identities" : $"{walk.Steps.Count} steps")}");
                    foreach (var step in walk.Steps)
                    {
                        var how = step.Kind switch
                        {
                            StepKind.Identity => "by identity",
                            StepKind.Child => $"rows referencing {step.FromCollection}",
                            _ => $"referenced by {step.FromCollection} (context, not walked from)",
                        };
                        await context.Output.WriteLineAsync($"  {step.Collection}: {how}");
                        await context.Output.WriteLineAsync($"    {WalkSql.For(step, store.Kind == "postgres")}");
                        steps++;
                    }
                }
            }

            var manual = manifest.Systems.SelectMany(s => s.Datastores.Where(d => d.Kind is "webhook" or "manual").Select(d => $"{s.Key}.{d.Key} ({d.Kind})")).ToList();
            if (manual.Count > 0)
            {
                await context.Output.WriteLineAsync($"Not in this plan (no SQL): {string.Join(", ", manual)}.");
            }

            return steps > 0 ? LetheCli.Ok : LetheCli.Failed;
        }));

        var request = new Command("request", "Data subject requests.");
        request.Subcommands.Add(plan);
        return request;
    }
}
