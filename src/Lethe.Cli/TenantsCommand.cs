using System.CommandLine;
using System.Globalization;
using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary>
/// <c>lethe tenants add|list|show</c>: the operator's way to the tenants, through the same <see cref="TenantCommands"/>
/// (validation and audit entry) as the API and the console.
/// </summary>
internal static class TenantsCommand
{
    public static Command Create(CliContext context)
    {
        var tenants = new Command("tenants", "The companies Lethe serves as controller or processor.");
        tenants.Subcommands.Add(Add(context));
        tenants.Subcommands.Add(List(context));
        tenants.Subcommands.Add(Show(context));
        return tenants;
    }

    private static Command Add(CliContext context)
    {
        // Each option stands for one field of TenantInput; validation messages name the field, the error names the option.
        var fields = new Dictionary<string, Option<string?>>(StringComparer.Ordinal)
        {
            ["slug"] = new("--slug") { Description = "The short name in addresses such as /p/SLUG/privacy: a–z, digits, inner hyphens. Never changes." },
            ["name"] = new("--name") { Description = "The company's legal name." },
            ["country"] = new("--country") { Description = "DK, NO or Other: whose supervisory authority and registration numbers apply." },
            ["registrationNumber"] = new("--registration-number") { Description = "The CVR number (DK) or organisasjonsnummer (NO)." },
            ["address"] = new("--address") { Description = "The postal address, as notices print it." },
            ["contactEmail"] = new("--contact-email") { Description = "Where people write about their data." },
            ["supervisoryAuthority"] = new("--supervisory-authority") { Description = "The authority named in notices; the country's by default (required for Other)." },
            ["logoUrl"] = new("--logo-url") { Description = "An https:// address of the logo on the public pages." },
            ["accentColour"] = new("--accent-colour") { Description = "The public pages' colour as #rrggbb." },
        };
        var reseller = new Option<string?>("--reseller") { Description = "The id of the reseller that manages the tenant." };
        var controllerApproves = new Option<bool>("--controller-approves")
        {
            Description = "A customer served as processor: its requests wait for the customer's own admin to approve them.",
        };

        var command = new Command("add", "Create a tenant, audited as when the console or the API creates one.");
        foreach (var option in fields.Values)
        {
            command.Options.Add(option);
        }

        command.Options.Add(reseller);
        command.Options.Add(controllerApproves);
        command.SetAction(async (parse, ct) =>
        {
            Guid? resellerId = null;
            if (parse.GetValue(reseller) is { } raw)
            {
                if (!Guid.TryParse(raw, out var parsed))
                {
                    await context.Error.WriteLineAsync($"lethe: --reseller must be a reseller's id (a GUID), not '{raw}'.");
                    return LetheCli.Usage;
                }

                resellerId = parsed;
            }

            var input = new TenantInput
            {
                Slug = parse.GetValue(fields["slug"]),
                Name = parse.GetValue(fields["name"]),
                Country = parse.GetValue(fields["country"]),
                RegistrationNumber = parse.GetValue(fields["registrationNumber"]),
                Address = parse.GetValue(fields["address"]),
                ContactEmail = parse.GetValue(fields["contactEmail"]),
                SupervisoryAuthority = parse.GetValue(fields["supervisoryAuthority"]),
                LogoUrl = parse.GetValue(fields["logoUrl"]),
                AccentColour = parse.GetValue(fields["accentColour"]),
                ResellerId = resellerId,
                ControllerApproves = parse.GetValue(controllerApproves),
            };
            return await context.WithDatabaseAsync(parse, ct, async sp =>
            {
                var created = await sp.GetRequiredService<TenantCommands>().CreateAsync(Access.Operator, AuditActor.Cli(), input, ct);
                if (!created.Succeeded)
                {
                    await context.Error.WriteLineAsync($"lethe: {Describe(created.Failure, fields, reseller)}");
                    return LetheCli.Failed;
                }

                var t = created.Value;
                await context.Output.WriteLineAsync($"Created {t.Slug} ({t.Name}, {t.Country}), id {t.Id}.");
                await context.Output.WriteLineAsync($"Next: lethe users add --email ADDRESS --role PrivacyOfficer --tenant {t.Slug}");
                return LetheCli.Ok;
            });
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "Every tenant: slug, country, registration number, people with a role, created, name.");
        command.SetAction((parse, ct) => context.WithDatabaseAsync(parse, ct, async sp =>
        {
            var db = sp.GetRequiredService<LetheDbContext>();
            var rows = await db.Tenants.AsNoTracking().OrderBy(t => t.Slug)
                .Select(t => new { t.Slug, t.Name, t.Country, t.RegistrationNumber, t.CreatedAt, People = db.RoleAssignments.Where(a => a.TenantId == t.Id).Select(a => a.UserId).Distinct().Count() })
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                await context.Output.WriteLineAsync("No tenants yet. Create one with 'lethe tenants add'.");
                return LetheCli.Ok;
            }

            await context.Output.WriteLineAsync($"{"slug",-24} {"country",-7} {"registration",-14} {"people",6}  {"created",-10}  name");
            foreach (var t in rows)
            {
                await context.Output.WriteLineAsync($"{t.Slug,-24} {t.Country,-7} {t.RegistrationNumber,-14} {t.People,6}  {Day(t.CreatedAt)}  {t.Name}");
            }

            return LetheCli.Ok;
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant's slug.", Required = true };
        var command = new Command("show", "One tenant's details and the people who hold a role in it.") { tenant };
        command.SetAction((parse, ct) => context.WithTenantAsync(parse, parse.GetValue(tenant)!, ct, async (sp, t) =>
        {
            var reseller = t.ResellerId is { } rid
                ? await sp.GetRequiredService<LetheDbContext>().Resellers.AsNoTracking().Where(r => r.Id == rid).Select(r => r.Name).SingleOrDefaultAsync(ct)
                : null;
            foreach (var (label, value) in new (string, string)[]
            {
                ("slug", t.Slug),
                ("id", t.Id.ToString()),
                ("name", t.Name),
                ("country", t.Country.ToString()),
                ("registration number", t.RegistrationNumber),
                ("address", t.Address),
                ("contact e-mail", t.ContactEmail),
                ("supervisory authority", t.SupervisoryAuthority),
                ("controller approves", t.ControllerApproves ? "yes: requests wait for the customer's own admin" : "no"),
                ("reseller", reseller is null ? "none" : $"{reseller} ({t.ResellerId})"),
                ("logo", t.LogoUrl ?? "none"),
                ("accent colour", t.AccentColour ?? "Lethe's own"),
                // Whether a signing secret is set, never the secret: it was shown once when it was made.
                ("status webhook", t.StatusWebhookUrl is null ? "none" : $"{t.StatusWebhookUrl} (secret {(t.StatusWebhookSecret is null ? "not set" : "set")})"),
                ("created", $"{t.CreatedAt:yyyy-MM-dd HH:mm} UTC"),
                ("updated", $"{t.UpdatedAt:yyyy-MM-dd HH:mm} UTC"),
            })
            {
                await context.Output.WriteLineAsync($"{label + ":",-23} {value}");
            }

            var members = await sp.GetRequiredService<UserCommands>().MembersAsync(t.Id, ct);
            await context.Output.WriteLineAsync($"{"people:",-23} {(members.Count == 0 ? "none yet" : members.Count.ToString(CultureInfo.InvariantCulture))}");
            foreach (var m in members)
            {
                await context.Output.WriteLineAsync($"  {m.Email,-40} {string.Join(", ", m.Roles)}");
            }

            return LetheCli.Ok;
        }));
        return command;
    }

    /// <summary>The failure on one line, each field's message naming the option that gives the field ('registrationNumber' → --registration-number).</summary>
    private static string Describe(Lethe.Common.Failure failure, Dictionary<string, Option<string?>> fields, Option<string?> reseller)
    {
        if (failure is not Lethe.Common.InvalidInput invalid)
        {
            return failure.Detail;
        }

        return string.Join(" ", invalid.Errors.SelectMany(e =>
        {
            var option = fields.TryGetValue(e.Key, out var o) ? o.Name : e.Key == "resellerId" ? reseller.Name : null;
            var quoted = $"'{e.Key}'";
            return option is null ? e.Value : e.Value.Select(m => m.Contains(quoted, StringComparison.Ordinal)
                ? m.Replace(quoted, option, StringComparison.Ordinal)
                : $"{option}: {m}");
        }));
    }

    private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
