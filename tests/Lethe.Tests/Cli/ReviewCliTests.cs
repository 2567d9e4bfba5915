using Lethe.Storage;
using Lethe.Tests.Support;
using static Lethe.Tests.Cli.CliTests;

namespace Lethe.Tests.Cli;

public sealed class ReviewCliTests
{
    [Fact]
    public async Task A_review_is_started_confirmed_completed_and_exported_from_the_command_line_and_bad_input_is_one_line()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await ShopAsync(db, people: 3);
        string[] Shop(params string[] args) => [.. db.CliOptions, "review", .. args, "--tenant", "shop"];
        var html = Path.Combine(Path.GetTempPath(), $"lethe-review-{Guid.NewGuid():N}.html");

        // Nothing to show, confirm or export before a review is started.
        foreach (var args in new[] { Shop("show"), Shop("confirm", "1"), Shop("export", "--html", html) })
        {
            var none = await RunAsync(args);
            none.Exit.ShouldBe(2, string.Join(' ', args));
            none.Err.Trim().Split('\n').Length.ShouldBe(1);
            none.Err.ShouldStartWith("lethe: shop has no review");
        }

        var start = await RunAsync(Shop("start"));
        start.Exit.ShouldBe(0, start.Err);
        start.Out.ShouldContain("5 item(s) to confirm");
        (await RunAsync(Shop("start"))).Exit.ShouldBe(1);

        var show = await RunAsync(Shop("show"));
        show.Out.ShouldContain("1. [open     ] system:erp");
        show.Out.ShouldContain("5. [open     ] processor:erp_partner");

        foreach (var (args, expected) in new (string[], string)[]
        {
            (Shop("confirm", "99"), "No review item '99'"),
            (Shop("confirm", "system:nowhere"), "No review item 'system:nowhere'"),
            (Shop("confirm", "1", "--changed"), "'note'"),
        })
        {
            var bad = await RunAsync(args);
            bad.Exit.ShouldBe(2, string.Join(' ', args));
            bad.Err.ShouldStartWith("lethe: ");
            bad.Err.ShouldContain(expected);
            bad.Err.Trim().Split('\n').Length.ShouldBe(1);
        }

        (await RunAsync(Shop("complete"))).Err.ShouldContain("5 item(s) are not decided yet");
        (await RunAsync(Shop("confirm", "1", "--changed", "--note", "Second database added to the data map."))).Exit.ShouldBe(0);
        foreach (var item in new[] { "2", "activity:delivery_and_invoicing", "4", "processor:erp_partner" })
        {
            var confirmed = await RunAsync(Shop("confirm", item));
            confirmed.Exit.ShouldBe(0, confirmed.Err);
        }

        var complete = await RunAsync(Shop("complete", "--summary", "Checked with the ERP partner."));
        complete.Exit.ShouldBe(0, complete.Err);
        complete.Out.ShouldContain("completed against data map revision 1");
        (await RunAsync(Shop("export", "--html", html, "--language", "fr"))).Exit.ShouldBe(2);
        var export = await RunAsync(Shop("export", "--html", html));
        export.Exit.ShouldBe(0, export.Err);
        var report = await File.ReadAllTextAsync(html);
        report.ShouldContain("Halvårlig kontrol af behandlingen af personoplysninger");
        report.ShouldContain("4 bekræftet, 1 ændret, 0 ikke afgjort");
        report.ShouldContain("Second database added to the data map.");
        var list = await RunAsync(Shop("list"));
        list.Out.ShouldContain("completed");
        list.Out.ShouldContain("half-yearly-review (PrivacyOfficer)");
        File.Delete(html);
    }

    [Fact]
    public async Task A_duty_is_given_to_a_member_who_may_do_it_and_back_and_anyone_else_is_one_line()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await ShopAsync(db, people: 3);
        string[] Shop(params string[] args) => [.. db.CliOptions, "review", .. args, "--tenant", "shop"];
        (await RunAsync([.. db.CliOptions, "users", "add", "--email", "Mette@Shop.example", "--role", "PrivacyOfficer", "--tenant", "shop"])).Exit.ShouldBe(0);
        (await RunAsync([.. db.CliOptions, "users", "add", "--email", "agent@shop.example", "--role", "Agent", "--tenant", "shop"])).Exit.ShouldBe(0);

        var given = await RunAsync(Shop("owner", "risk-assessment:erp", "--user", "Mette@Shop.example"));
        given.Exit.ShouldBe(0, given.Err);
        given.Out.ShouldStartWith("risk-assessment:erp is now mette@shop.example's, due ");
        (await RunAsync(Shop("list"))).Out.ShouldContain("risk-assessment:erp (mette@shop.example)");

        foreach (var (args, expected) in new (string[], string)[]
        {
            (Shop("owner", "risk-assessment:nowhere", "--user", "mette@shop.example"), "No duty 'risk-assessment:nowhere'"),
            (Shop("owner", "half-yearly-review", "--user", "agent@shop.example"), "agent@shop.example may not carry out reviews or risk assessments"),
            (Shop("owner", "half-yearly-review", "--user", "stranger@elsewhere.example"), "stranger@elsewhere.example holds no role in"),
        })
        {
            var bad = await RunAsync(args);
            bad.Exit.ShouldBe(2, string.Join(' ', args));
            bad.Err.ShouldStartWith("lethe: ");
            bad.Err.ShouldContain(expected);
            bad.Err.Trim().Split('\n').Length.ShouldBe(1);
        }

        var back = await RunAsync(Shop("owner", "risk-assessment:erp"));
        back.Exit.ShouldBe(0, back.Err);
        back.Out.ShouldStartWith("risk-assessment:erp is now PrivacyOfficer's");
    }
}
