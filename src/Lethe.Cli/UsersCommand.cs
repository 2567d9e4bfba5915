using System.CommandLine;
using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary><c>lethe users add</c>: give a person a role, creating them with a one-time password if they are new; <c>users unlock</c>; <c>users list</c>.</summary>
internal static class UsersCommand
{
    public static Command Create(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "The person's e-mail address (their sign-in name).", Required = true };
        var role = new Option<string>("--role")
        {
            Description = $"One of {string.Join(", ", Enum.GetNames<Role>())}.",
            Required = true,
        };
        var tenant = new Option<string?>("--tenant") { Description = "The tenant's slug, for tenant roles." };
        var reseller = new Option<Guid?>("--reseller") { Description = "The reseller's id, for ResellerAdmin." };

        var add = new Command("add", "Grant a role to a person, creating them if they are new.");
        add.Options.Add(email);
        add.Options.Add(role);
        add.Options.Add(tenant);
        add.Options.Add(reseller);
        add.SetAction(async (parse, ct) =>
        {
            if (!Enum.TryParse<Role>(parse.GetValue(role), ignoreCase: true, out var parsedRole) || !Enum.IsDefined(parsedRole)
                || int.TryParse(parse.GetValue(role), out _))
            {
                await context.Error.WriteLineAsync($"lethe: --role must be one of {string.Join(", ", Enum.GetNames<Role>())}, not '{parse.GetValue(role)}'.");
                return LetheCli.Usage;
            }

            return await context.WithDatabaseAsync(parse, ct, async sp =>
            {
                Tenant? found = null;
                if (parse.GetValue(tenant) is { } slug)
                {
                    found = await sp.GetRequiredService<TenantCommands>().FindAsync(slug, ct);
                    if (found is null)
                    {
                        await context.Error.WriteLineAsync($"lethe: --tenant '{slug}' does not exist.");
                        return LetheCli.Failed;
                    }
                }

                var granted = await sp.GetRequiredService<UserCommands>().GrantAsync(
                    Access.Operator, AuditActor.Cli(), parse.GetValue(email), parsedRole, found, parse.GetValue(reseller), ct);
                if (!granted.Succeeded)
                {
                    await context.Error.WriteLineAsync($"lethe: {CliContext.Describe(granted.Failure).Replace("'tenant'", "--tenant", StringComparison.Ordinal)}");
                    return LetheCli.Failed;
                }

                var result = granted.Value;
                await context.Output.WriteLineAsync($"{result.User.Email} holds {parsedRole}{(found is null ? "" : $" in {found.Slug}")}.");
                if (result.OneTimePassword is { } password)
                {
                    await context.Output.WriteLineAsync($"One-time password (shown once; changed at first sign-in): {password}");
                }

                return LetheCli.Ok;
            });
        });

        var users = new Command("users", "People who sign in to the console.");
        users.Subcommands.Add(add);
        users.Subcommands.Add(Unlock(context));
        users.Subcommands.Add(List(context));
        return users;
    }

    /// <summary><c>lethe users list [--tenant SLUG]</c>: everyone who signs in, how their sign-in stands, and where they hold which role.</summary>
    private static Command List(CliContext context)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only the people holding a role in this tenant (its slug)." };
        var list = new Command("list", "Everyone who signs in: e-mail, two-factor, password state, roles.") { tenant };
        list.SetAction((parse, ct) => context.WithDatabaseAsync(parse, ct, async sp =>
        {
            Guid? tenantId = null;
            if (parse.GetValue(tenant) is { } slug)
            {
                if (await sp.GetRequiredService<TenantCommands>().FindAsync(slug, ct) is not { } found)
                {
                    await context.Error.WriteLineAsync($"lethe: --tenant '{slug}' does not exist.");
                    return LetheCli.Failed;
                }

                tenantId = found.Id;
            }

            var people = await sp.GetRequiredService<UserRoster>().ListAsync(tenantId, ct);
            if (people.Count == 0)
            {
                await context.Output.WriteLineAsync(tenantId is null
                    ? "Nobody signs in yet. Add a person with 'lethe users add'."
                    : "Nobody holds a role in this tenant yet. Add a person with 'lethe users add --tenant'.");
                return LetheCli.Ok;
            }

            await context.Output.WriteLineAsync($"{"e-mail",-40} {"2fa",-3} {"password",-12} roles");
            foreach (var p in people)
            {
                var roles = p.Roles.Count == 0 ? "none" : string.Join(", ", p.Roles.Select(r =>
                    r.TenantSlug is { } t ? $"{r.Role} in {t}" : r.ResellerName is { } n ? $"{r.Role} of {n}" : r.Role.ToString()));
                await context.Output.WriteLineAsync($"{p.Email,-40} {(p.TwoFactorEnabled ? "on" : "off"),-3} {(p.MustChangePassword ? "one-time" : "own"),-12} {roles}");
            }

            return LetheCli.Ok;
        }));
        return list;
    }

    /// <summary><c>lethe users unlock --email E</c>: lift every sign-in pause of a person, from every address.</summary>
    private static Command Unlock(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "The person's e-mail address (their sign-in name).", Required = true };
        var unlock = new Command("unlock", "Lift every sign-in pause of a person (after failed attempts), from every address.");
        unlock.Options.Add(email);
        unlock.SetAction((parse, ct) => context.WithDatabaseAsync(parse, ct, async sp =>
        {
            var address = parse.GetValue(email)!;
            if (await sp.GetRequiredService<UserManager<LetheUser>>().FindByEmailAsync(address.Trim()) is not { } user)
            {
                await context.Error.WriteLineAsync($"lethe: no person signs in with --email '{address}'.");
                return LetheCli.Failed;
            }

            var lifted = await sp.GetRequiredService<SignInLocks>().UnlockAllAsync(user.Id, AuditActor.Cli(), ct);
            await context.Output.WriteLineAsync(lifted == 0
                ? $"{user.Email} had no sign-in pause; they can sign in from everywhere."
                : $"Lifted the sign-in pause of {user.Email} from {lifted} address{(lifted == 1 ? "" : "es")}; they can sign in from everywhere.");
            return LetheCli.Ok;
        }));
        return unlock;
    }
}
