using Lethe.Accounts;
using Lethe.DataMap;
using Lethe.FirstRun;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe.Tests.Accounts;

public sealed class FirstRunTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_empty_database_gets_a_demo_tenant_and_one_admin_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        FirstRunResult? first, second;
        await using (var scope = db.Scope())
        {
            first = await scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync(null, CancellationToken.None);
        }

        await using (var scope = db.Scope())
        {
            second = await scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync(null, CancellationToken.None);
        }

        first.ShouldNotBeNull().DemoTenant.Slug.ShouldBe("flex4business");
        second.ShouldBeNull();
        await using var check = db.Scope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<LetheUser>>();
        var admin = (await users.FindByEmailAsync(FirstRunSetup.AdminEmail)).ShouldNotBeNull();
        (await users.CheckPasswordAsync(admin, first.OneTimePassword.ShouldNotBeNull())).ShouldBeTrue();
        admin.MustChangePassword.ShouldBeTrue();
        (await check.ServiceProvider.GetRequiredService<LetheDbContext>().Tenants.CountAsync()).ShouldBe(1);
        var dataMap = await check.ServiceProvider.GetRequiredService<Lethe.DataMap.DataMapCommands>().CurrentManifestAsync(first.DemoTenant, default);
        dataMap.ShouldNotBeNull().Organization.RegistrationNumber.ShouldBe("42497762");
    }

    [Fact]
    public async Task The_demo_tenants_datastores_are_demo_databases_in_the_data_directory_that_requests_and_retention_reach()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        FirstRunResult first;
        await using (var scope = db.Scope())
        {
            first = (await scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync(null, CancellationToken.None))!;
        }

        await using var check = db.Scope();
        var manifest = (await check.ServiceProvider.GetRequiredService<Lethe.DataMap.DataMapCommands>().CurrentManifestAsync(first.DemoTenant, default))!;
        manifest.FindDatastore("billing.db")!.Connection.ShouldBe("data:billing-db.db");
        // The data map says what Lethe connects to: the demo's copies are SQLite files, whatever the real systems run on.
        manifest.Systems.SelectMany(s => s.Datastores).Where(d => d.Connection is not null && d.Connection.StartsWith("data:", StringComparison.Ordinal))
            .ShouldAllBe(d => d.Kind == DatastoreKind.Sqlite);
        File.Exists(Path.Combine(db.Settings.DataDirectory, "datastores", "flex4business", "billing-db.db")).ShouldBeTrue();

        var plan = await check.ServiceProvider.GetRequiredService<Lethe.Retention.RetentionCommands>().PlanAsync(first.DemoTenant, default);
        plan.Value!.Rules.ShouldAllBe(r => r.Problem == null);
        plan.Value.Rules.Single(r => r.Rule == "ip_logs").DueNow.ShouldBeGreaterThan(0);

        // No newsletter system is connected in the demo: a person handles it, so a demo request can run to the end.
        manifest.FindDatastore("newsletter.lists")!.ShouldSatisfyAllConditions(
            d => d.Kind.ShouldBe(DatastoreKind.Manual),
            d => d.Assignee.ShouldBe("Newsletter team"));
        var requests = check.ServiceProvider.GetRequiredService<Lethe.Requests.RequestQueries>();
        var created = await check.ServiceProvider.GetRequiredService<Lethe.Requests.RequestRegistration>().CreateAsync(first.DemoTenant, Lethe.Audit.AuditActor.System,
            new Lethe.Requests.RequestInput("access", [new Lethe.Execution.Identity("email", "someone@example.dk")], IdentityCheck: "demo"), default);
        var approved = await check.ServiceProvider.GetRequiredService<Lethe.Requests.RequestLifecycle>().ApproveAsync(first.DemoTenant, Lethe.Audit.AuditActor.System, created.Value!.Request.Id, default);
        await db.Services.GetRequiredService<Lethe.Requests.RequestRound>().RunAsync(default);
        var view = (await requests.FindAsync(first.DemoTenant, approved.Value!.Request.Id, default))!;
        view.Steps.Single(s => s.Datastore == "newsletter.lists").Status.ShouldBe(Lethe.Requests.StepStatus.Waiting);
        // Nets receives the billing system's data: forwarding the request to it is a person's task too.
        view.Steps.Single(s => s.Datastore == "sub-processor:nets").Status.ShouldBe(Lethe.Requests.StepStatus.Waiting);
        view.Steps.Where(s => s.Connector != DatastoreKind.Manual).ShouldAllBe(s => s.Status == Lethe.Requests.StepStatus.Done);
    }

    [Fact]
    public async Task A_given_admin_password_is_used_as_is()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Scope();

        var result = await scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync("Correct-Horse-42", CancellationToken.None);

        result.ShouldNotBeNull().OneTimePassword.ShouldBeNull();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LetheUser>>();
        var admin = (await users.FindByEmailAsync(FirstRunSetup.AdminEmail))!;
        (await users.CheckPasswordAsync(admin, "Correct-Horse-42")).ShouldBeTrue();
        admin.MustChangePassword.ShouldBeFalse();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_refused_admin_password_creates_nothing_and_the_next_start_runs_the_first_run(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        await using (var scope = db.Scope())
        {
            var refused = await Should.ThrowAsync<OptionsValidationException>(
                scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync("short", CancellationToken.None));
            refused.Message.ShouldStartWith("LETHE_ADMIN_PASSWORD is not accepted: ");
            refused.Message.ShouldContain("12");
        }

        await ShouldBeEmptyAsync(db);
        await using (var restart = db.Scope())
        {
            (await restart.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync("Correct-Horse-42", CancellationToken.None))
                .ShouldNotBeNull().OneTimePassword.ShouldBeNull();
        }

        await using var check = db.Scope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<LetheUser>>();
        (await users.CheckPasswordAsync((await users.FindByEmailAsync(FirstRunSetup.AdminEmail)).ShouldNotBeNull(), "Correct-Horse-42")).ShouldBeTrue();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_first_run_that_fails_half_way_leaves_an_empty_database_that_the_next_start_sets_up(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // A file where the demo's datastores go: the first run fails after it has created the demo tenant.
        var blocker = Path.Combine(db.Settings.DataDirectory, "datastores");
        Directory.CreateDirectory(db.Settings.DataDirectory);
        await File.WriteAllTextAsync(blocker, "not a folder");

        await using (var scope = db.Scope())
        {
            await Should.ThrowAsync<IOException>(
                scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync(null, CancellationToken.None));
        }

        await ShouldBeEmptyAsync(db);
        File.Delete(blocker);
        FirstRunResult? restarted;
        await using (var restart = db.Scope())
        {
            restarted = await restart.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync(null, CancellationToken.None);
        }

        await using var check = db.Scope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<LetheUser>>();
        (await users.CheckPasswordAsync((await users.FindByEmailAsync(FirstRunSetup.AdminEmail)).ShouldNotBeNull(),
            restarted.ShouldNotBeNull().OneTimePassword.ShouldNotBeNull())).ShouldBeTrue();
        (await check.ServiceProvider.GetRequiredService<LetheDbContext>().Tenants.CountAsync()).ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Serve_with_a_refused_admin_password_stops_with_one_line_naming_the_setting(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var output = new StringWriter();
        var error = new StringWriter();
        int exit;
        Environment.SetEnvironmentVariable("LETHE_ADMIN_PASSWORD", "short");
        try
        {
            // Bounded: were the password accepted, the server would run until stopped.
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            exit = await Lethe.Cli.LetheCli.RunAsync([.. db.CliOptions, "serve", "--urls", "http://127.0.0.1:0"], output, error, stop.Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LETHE_ADMIN_PASSWORD", null);
        }

        exit.ShouldBe(1);
        var err = error.ToString();
        err.ShouldStartWith("lethe: LETHE_ADMIN_PASSWORD is not accepted: ");
        err.TrimEnd().ShouldNotContain("\n");
        output.ToString().ShouldNotContain("First run");
        await ShouldBeEmptyAsync(db);
    }

    private static async Task ShouldBeEmptyAsync(TestDatabase db)
    {
        await using var check = db.Scope();
        var lethe = check.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await lethe.Tenants.IgnoreQueryFilters().CountAsync()).ShouldBe(0, "no tenant is left behind");
        (await lethe.Users.CountAsync()).ShouldBe(0, "no user is left behind");
        (await lethe.AuditEntries.CountAsync()).ShouldBe(0, "nothing is recorded as done");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://[::]:8080/", "http://localhost:8080")]
    [InlineData("http://+:80", "http://localhost:80")]
    [InlineData("https://lethe.example.dk", "https://lethe.example.dk")]
    public async Task First_run_names_every_address_a_new_user_needs_where_a_browser_can_open_it(string listening, string root)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Scope();
        var result = (await scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync(null, CancellationToken.None))!;

        result.Addresses(listening).Select(a => a.Address).ShouldBe(
        [
            $"{root}/signin", $"{root}/p/flex4business", $"{root}/p/flex4business/privacy", $"{root}/openapi/reference", $"{root}/openapi/v1.json",
            $"{root}/health/ready",
        ]);
    }

    [Fact]
    public async Task The_demo_is_not_swept_until_someone_starts_its_first_retention_run_and_then_is_on_schedule()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestClock.Start);
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, clock);
        FirstRunResult first;
        await using (var scope = db.Scope())
        {
            first = (await scope.ServiceProvider.GetRequiredService<FirstRunSetup>().RunIfEmptyAsync(null, CancellationToken.None))!;
        }

        var worker = db.Services.GetRequiredService<Lethe.Retention.RetentionWorker>();
        (await worker.RunDueAsync(default)).ShouldBe(0, "a first run waits for a person who has seen the plan");
        await using (var check = db.Scope())
        {
            (await check.ServiceProvider.GetRequiredService<Lethe.Retention.RetentionCommands>().RunsAsync(first.DemoTenant, 10, default)).ShouldBeEmpty();
        }

        await using (var scope = db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<Lethe.Retention.RetentionRunner>().StartAsync(first.DemoTenant, "officer", default)).ShouldNotBeNull();
        }

        (await worker.RunDueAsync(default)).ShouldBe(1, "the started run is worked by the schedule");
        (await worker.RunDueAsync(default)).ShouldBe(0, "and the next is a day later");
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        (await worker.RunDueAsync(default)).ShouldBe(1, "from then on the schedule runs it");
    }
}
