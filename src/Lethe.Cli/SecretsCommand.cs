using System.CommandLine;
using Lethe.Audit;
using Lethe.Connectors;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary><c>lethe secrets set|list|remove</c>: the values a tenant's data map names as <c>secret:NAME</c>.</summary>
internal static class SecretsCommand
{
    public static Command Create(CliContext context)
    {
        var secrets = new Command("secrets", "Datastore secrets a tenant's data map refers to as secret:NAME; stored encrypted, never shown again.");
        secrets.Subcommands.Add(Set(context));
        secrets.Subcommands.Add(List(context));
        secrets.Subcommands.Add(Remove(context));
        return secrets;
    }

    private static Option<string> TenantOption() => new("--tenant") { Description = "The tenant's slug.", Required = true };

    private static Option<string> NameOption() => new("--name") { Description = "The secret's name, as the data map writes it after secret:.", Required = true };

    private static Command Set(CliContext context)
    {
        var (tenant, name) = (TenantOption(), NameOption());
        var command = new Command("set", "Set a secret from standard input (one line, or all of it), e.g. `printenv CRM_DB | lethe secrets set --tenant acme --name crm`.") { tenant, name };
        command.SetAction(async (parse, ct) =>
        {
            var value = (await context.Input.ReadToEndAsync(ct)).TrimEnd('\r', '\n');
            return await context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
            {
                var set = await sp.GetRequiredService<DatastoreSecrets>().SetAsync(found, AuditActor.Cli(), parse.GetValue(name), value, ct);
                if (!set.Succeeded)
                {
                    await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(set.Failure)}");
                    return LetheCli.Failed;
                }

                await context.Output.WriteLineAsync($"The secret {set.Value.Name} of {found.Slug} is set; the data map refers to it as secret:{set.Value.Name}.");
                return LetheCli.Ok;
            });
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var tenant = TenantOption();
        var command = new Command("list", "The names of a tenant's secrets and when each was set (never the values).") { tenant };
        command.SetAction(async (parse, ct) => await context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            foreach (var secret in await sp.GetRequiredService<DatastoreSecrets>().ListAsync(found, ct))
            {
                await context.Output.WriteLineAsync($"{secret.Name}\t{secret.UpdatedAt:yyyy-MM-dd HH:mm} UTC\t{secret.UpdatedBy}");
            }

            return LetheCli.Ok;
        }));
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var (tenant, name) = (TenantOption(), NameOption());
        var command = new Command("remove", "Remove a secret; datastores that refer to it stop resolving.") { tenant, name };
        command.SetAction(async (parse, ct) => await context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, found) =>
        {
            var removed = await sp.GetRequiredService<DatastoreSecrets>().RemoveAsync(found, AuditActor.Cli(), parse.GetValue(name)!, ct);
            if (!removed.Succeeded)
            {
                await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(removed.Failure)}");
                return LetheCli.Failed;
            }

            await context.Output.WriteLineAsync($"The secret {removed.Value.Name} of {found.Slug} is removed.");
            return LetheCli.Ok;
        }));
        return command;
    }
}
