using System.CommandLine;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary>
/// <c>lethe request plan</c>: what a request would look up in each datastore, and the SQL, without running it.
/// <c>lethe request run</c>: registers a request and carries out what is due now, printing each datastore's outcome.
/// </summary>
internal static class RequestCommand
{
    /// <summary>Parses repeated <c>--identity type=value</c>; null (with the one-line error written) when one is wrong.</summary>
    internal static async Task<List<Identity>?> IdentitiesAsync(CliContext context, IEnumerable<string> texts)
    {
        var identities = new List<Identity>();
        foreach (var text in texts)
        {
            if (Identity.Parse(text) is not { } parsed || !ManifestVocabulary.IdentityTypes.Contains(parsed.Type))
            {
                await context.Error.WriteLineAsync(
                    $"lethe: --identity must be type=value with a type of {string.Join(", ", ManifestVocabulary.IdentityTypes)}; '{text}' is not.");
                return null;
            }

            identities.Add(parsed);
        }

        return identities;
    }

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
            if (await IdentitiesAsync(context, parse.GetValue(identity) ?? []) is not { } identities)
            {
                return LetheCli.Usage;
            }

            if (await sp.GetRequiredService<DataMapCommands>().CurrentManifestAsync(found, ct) is not { } manifest)
            {
                await context.Error.WriteLineAsync($"lethe: {found.Slug} has no data map yet; import one with 'lethe manifest import'.");
                return LetheCli.Failed;
            }

            var steps = 0;
            foreach (var system in manifest.Systems)
            {
                foreach (var store in system.Datastores.Where(d => d.Kind.IsSql))
                {
                    var walk = WalkPlan.For($"{system.Key}.{store.Key}", store, identities);
                    await context.Output.WriteLineAsync($"{walk.Datastore} ({store.Kind}): {(walk.Steps.Count == 0 ? "no collection matches these identities" : $"{walk.Steps.Count} {(walk.Steps.Count == 1 ? "step" : "steps")}")}");
                    foreach (var step in walk.Steps)
                    {
                        var how = step.Kind switch
                        {
                            StepKind.Identity => "the person's, by identity",
                            StepKind.BelongsTo => $"the person's, belonging to their {step.FromCollection} through {step.KeyColumn}",
                            StepKind.Owns => $"the person's while not shared, owned by their {step.FromCollection} through {step.FromColumn}",
                            StepKind.Mention => $"other people's rows naming them through {step.KeyColumn} (only the fields about them)",
                            _ => $"referenced by their {step.FromCollection} (context, not walked from)",
                        };
                        await context.Output.WriteLineAsync($"  {step.Collection}: {how}");
                        await context.Output.WriteLineAsync($"    {WalkSql.For(step, walk.ColumnsFor(step), store.Kind == DatastoreKind.Postgres)}");
                        steps++;
                    }
                }
            }

            var manual = manifest.Systems.SelectMany(s => s.Datastores.Where(d => !d.Kind.IsSql).Select(d => $"{s.Key}.{d.Key} ({d.Kind})")).ToList();
            if (manual.Count > 0)
            {
                await context.Output.WriteLineAsync($"Not in this plan (no SQL): {string.Join(", ", manual)}.");
            }

            return steps > 0 ? LetheCli.Ok : LetheCli.Failed;
        }));

        var request = new Command("request", "Data subject requests.");
        request.Subcommands.Add(plan);
        request.Subcommands.Add(Run(context, tenant, identity));
        return request;
    }

    private static Command Run(CliContext context, Option<string> tenant, Option<string[]> identity)
    {
        var type = new Option<string>("--type") { Description = $"The right: {string.Join(", ", RequestType.All.Select(t => t.ToWire()))}.", Required = true };
        var change = new Option<string[]>("--change") { Description = "For rectification: category=new value, e.g. contact.address=\"Nørregade 1, København\"." };
        var answer = new Option<FileInfo?>("--answer") { Description = "For access and portability: write the answer package (ZIP) here." };
        var identityCheck = new Option<string>("--identity-check")
        {
            Description = "How the person's identity was checked, kept with the request (e.g. \"extension and full name confirmed in writing\").",
            Required = true,
        };
        var run = new Command("run", "Register a request whose identity is checked, approve it and carry out what is due now in every datastore; failed steps are retried later by 'lethe serve' or 'lethe worker'.")
            { tenant, identity, type, change, answer, identityCheck };
        run.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            if (await IdentitiesAsync(context, parse.GetValue(identity) ?? []) is not { } identities)
            {
                return LetheCli.Usage;
            }

            var changes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var text in parse.GetValue(change) ?? [])
            {
                var cut = text.IndexOf('=', StringComparison.Ordinal);
                if (cut <= 0)
                {
                    await context.Error.WriteLineAsync($"lethe: --change must be category=value; '{text}' is not.");
                    return LetheCli.Usage;
                }

                changes[text[..cut]] = text[(cut + 1)..];
            }

            var input = new RequestInput(parse.GetValue(type)!, identities, changes.Count == 0 ? null : changes, IdentityCheck: parse.GetValue(identityCheck));
            var created = await sp.GetRequiredService<RequestRegistration>().CreateAsync(found, AuditActor.Cli(), input, ct);
            if (!created.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(created.Failure)}");
                return LetheCli.Failed;
            }

            var id = created.Value.Request.Id;
            var approved = await sp.GetRequiredService<RequestLifecycle>().ApproveAsync(found, AuditActor.Cli(), id, ct);
            if (!approved.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(approved.Failure)}");
                return LetheCli.Failed;
            }

            var worker = sp.GetRequiredService<RequestWorker>();
            for (var round = 0; round < 20 && await worker.RunDueAsync(ct) > 0; round++)
            {
            }

            var view = (await sp.GetRequiredService<RequestQueries>().FindAsync(found, id, ct))!;
            await context.Output.WriteLineAsync($"Request {id} ({view.Request.Type.ToWire()}): {RequestStatus.Describe(view.Request.Status)}");
            foreach (var step in view.Steps)
            {
                var state = step.Status == StepStatus.Failed
                    ? $"failed ({step.LastError}); next attempt {step.NextAttemptAt:yyyy-MM-dd HH:mm} UTC"
                    : step.Status == StepStatus.GaveUp
                    ? $"given up after {step.Attempts} attempts ({step.LastError}); try it again from the console's overview"
                    : step.Status == StepStatus.Waiting && step.ForwardedTo is not null
                    ? $"forwarded to {step.ForwardedTo}, waiting for its confirmation by {step.DueOn:yyyy-MM-dd}; close it in the console or the API"
                    : step.Status == StepStatus.Waiting && step.Assignee is not null ? $"waiting for {step.Assignee}" : step.Status.ToWire();
                await context.Output.WriteLineAsync($"  {step.Datastore} ({step.Connector}): {state}");
                if (step.OutcomeJson is not null)
                {
                    await context.Output.WriteLineAsync($"    {step.OutcomeJson}");
                }
            }

            if (parse.GetValue(answer) is { } file)
            {
                await using var output = File.Create(file.FullName);
                var written = await sp.GetRequiredService<AnswerZip>().WriteAsync(found, AuditActor.Cli(), id, output, ct);
                if (!written.Succeeded)
                {
                    await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(written.Failure)}");
                    return LetheCli.Failed;
                }

                await context.Output.WriteLineAsync($"Answer written to {file.FullName} ({written.Value.Counts.Values.Sum()} rows).");
            }

            return view.Steps.Any(s => s.Status is StepStatus.Failed or StepStatus.GaveUp) ? LetheCli.Failed : LetheCli.Ok;
        }, ModelWarmUp.RequestRunEntityTypes));
        return run;
    }
}
