using Lethe.Audit;
using Lethe.Cli;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Cli;

/// <summary><c>lethe tenants add|list|show</c> and <c>lethe users list</c>: the operator's view of who Lethe serves and who signs in.</summary>
public sealed class TenantsCliTests
{
    /// <summary><c>tenants add</c> for a valid Danish tenant "acme", with <paramref name="changes"/> (option, value, option, value…) replacing or adding options.</summary>
    private static string[] AddAcme(TestDatabase db, params string[] changes)
    {
        var options = new List<(string Option, string? Value)>
        {
            ("--slug", "acme"), ("--name", "Acme ApS"), ("--country", "DK"), ("--registration-number", "42497762"),
            ("--address", "Vestergade 1, 8000 Aarhus C"), ("--contact-email", "privacy@acme.example"),
        };
        var i = 0;
        while (i < changes.Length)
        {
            // A flag stands alone; every other option is followed by its value.
            var option = changes[i++];
            var value = i < changes.Length && !changes[i].StartsWith("--", StringComparison.Ordinal) ? changes[i++] : null;
            var at = options.FindIndex(o => o.Option == option);
            if (at >= 0)
            {
                options[at] = (option, value);
            }
            else
            {
                options.Add((option, value));
            }
        }

        return [.. db.CliOptions, "tenants", "add", .. options.SelectMany(o => o.Value is null ? [o.Option] : new[] { o.Option, o.Value })];
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Tenants_add_creates_the_tenant_audited_as_the_api_does_and_list_and_show_find_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.CreateTenantAsync("flexfone");

        var (exit, output, err) = await CliTests.RunAsync(AddAcme(db, "--accent-colour", "#1f5f8b", "--controller-approves"));

        exit.ShouldBe(0, err);
        output.ShouldContain("Created acme (Acme ApS, DK)");
        output.ShouldContain("lethe users add --email ADDRESS --role PrivacyOfficer --tenant acme");
        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var acme = await context.Tenants.SingleAsync(t => t.Slug == "acme");
            acme.SupervisoryAuthority.ShouldBe(SupervisoryAuthority.DefaultFor(Country.DK)!.Name, "the country's authority when none is named");
            acme.ControllerApproves.ShouldBeTrue();
            acme.AccentColour.ShouldBe("#1f5f8b");
            var entry = (await context.AuditEntries.IgnoreQueryFilters().Where(e => e.Action == AuditActions.TenantCreated && e.TenantId == acme.Id).ToListAsync())
                .ShouldHaveSingleItem();
            entry.ActorKind.ShouldBe("cli");
            entry.Target.ShouldBe("tenant:acme");
        }

        var list = await CliTests.RunAsync([.. db.CliOptions, "tenants", "list"]);
        list.Exit.ShouldBe(0, list.Err);
        var lines = list.Out.TrimEnd().Split('\n');
        lines.Length.ShouldBe(3, list.Out);
        lines[0].ShouldStartWith("slug");
        lines[1].ShouldMatch(@"^acme\s+DK\s+42497762\s+0\s+\d{4}-\d{2}-\d{2}\s+Acme ApS$");
        lines[2].ShouldStartWith("flexfone ");

        (await CliTests.RunAsync([.. db.CliOptions, "users", "add", "--email", "po@acme.example", "--role", "PrivacyOfficer", "--tenant", "acme"])).Exit.ShouldBe(0);
        var show = await CliTests.RunAsync([.. db.CliOptions, "tenants", "show", "--tenant", "acme"]);
        show.Exit.ShouldBe(0, show.Err);
        show.Out.ShouldContain("name:                   Acme ApS");
        show.Out.ShouldContain("registration number:    42497762");
        show.Out.ShouldContain("controller approves:    yes");
        show.Out.ShouldContain("people:                 1");
        show.Out.ShouldMatch(@"\n  po@acme\.example\s+PrivacyOfficer\n");

        var verify = await CliTests.RunAsync([.. db.CliOptions, "audit", "verify"]);
        verify.Exit.ShouldBe(0, verify.Out);
    }

    [Theory]
    [InlineData(new[] { "--country", "SE" }, "--country must be DK, NO or Other.")]
    [InlineData(new[] { "--registration-number", "123" }, "--registration-number: '123' is not a valid CVR number")]
    [InlineData(new[] { "--contact-email", "privacy" }, "--contact-email: 'privacy' is not an e-mail address.")]
    [InlineData(new[] { "--slug", "Acme Corp" }, "--slug may hold lower-case letters")]
    [InlineData(new[] { "--accent-colour", "blue" }, "--accent-colour must be a colour written #rrggbb")]
    [InlineData(new[] { "--country", "Other" }, "Name the supervisory authority")]
    [InlineData(new[] { "--reseller", "r1" }, "--reseller must be a reseller's id")]
    [InlineData(new[] { "--reseller", "0193a5b0-0000-7000-8000-000000000001" }, "No reseller '0193a5b0-0000-7000-8000-000000000001' exists.")]
    public async Task Tenants_add_with_bad_input_says_in_one_line_what_is_wrong_and_creates_nothing(string[] change, string expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (exit, output, err) = await CliTests.RunAsync(AddAcme(db, change));

        exit.ShouldNotBe(0);
        output.ShouldBeEmpty();
        err.ShouldStartWith("lethe: ");
        err.ShouldContain(expected);
        err.TrimEnd().ShouldNotContain("\n");
        (await CliTests.RunAsync([.. db.CliOptions, "tenants", "list"])).Out.ShouldContain("No tenants yet");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Tenants_add_of_a_taken_slug_or_with_fields_missing_is_one_line_and_exit_1(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        (await CliTests.RunAsync(AddAcme(db))).Exit.ShouldBe(0);

        var again = await CliTests.RunAsync(AddAcme(db));
        again.Exit.ShouldBe(LetheCli.Failed);
        again.Err.TrimEnd().ShouldBe("lethe: A tenant with the slug 'acme' exists already; choose another.");

        var bare = await CliTests.RunAsync([.. db.CliOptions, "tenants", "add", "--slug", "bare"]);
        bare.Exit.ShouldBe(LetheCli.Failed);
        bare.Err.TrimEnd().ShouldNotContain("\n");
        foreach (var option in new[] { "--name is required.", "--address is required.", "--contact-email is required.", "--country must be DK, NO or Other." })
        {
            bare.Err.ShouldContain(option);
        }

        var unknown = await CliTests.RunAsync([.. db.CliOptions, "tenants", "show", "--tenant", "nobody"]);
        unknown.Exit.ShouldBe(LetheCli.Failed);
        unknown.Err.TrimEnd().ShouldBe("lethe: --tenant 'nobody' does not exist.");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Users_list_shows_everyone_with_their_roles_and_narrows_to_one_tenant(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var flexfone = await db.CreateTenantAsync("flexfone");
        var shop = await db.CreateTenantAsync("shop");
        await db.GrantAsync("admin@lethe.example", Role.PlatformAdmin);
        await db.GrantAsync("po@flexfone.example", Role.PrivacyOfficer, flexfone);
        await db.GrantAsync("po@flexfone.example", Role.Auditor, shop);
        await db.GrantAsync("agent@shop.example", Role.Agent, shop);

        var all = await CliTests.RunAsync([.. db.CliOptions, "users", "list"]);

        all.Exit.ShouldBe(0, all.Err);
        var lines = all.Out.TrimEnd().Split('\n');
        lines.Select(l => l.Split(' ')[0]).ShouldBe(["e-mail", "admin@lethe.example", "agent@shop.example", "po@flexfone.example"]);
        lines[1].ShouldMatch(@"^admin@lethe\.example\s+off\s+one-time\s+PlatformAdmin$");
        lines[3].ShouldEndWith("PrivacyOfficer in flexfone, Auditor in shop");

        var one = await CliTests.RunAsync([.. db.CliOptions, "users", "list", "--tenant", "flexfone"]);
        one.Exit.ShouldBe(0, one.Err);
        one.Out.TrimEnd().Split('\n').Skip(1).Select(l => l.Split(' ')[0]).ShouldBe(["po@flexfone.example"]);

        var unknown = await CliTests.RunAsync([.. db.CliOptions, "users", "list", "--tenant", "nobody"]);
        unknown.Exit.ShouldBe(LetheCli.Failed);
        unknown.Err.TrimEnd().ShouldBe("lethe: --tenant 'nobody' does not exist.");
    }
}
