using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Consent;
using Lethe.Notices;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Consent;

/// <summary>The consent log over Flex4Business's data map: its purposes, events with receipts, the current state, lapses.</summary>
public sealed class ConsentLogTests
{
    private const string Browser = "b7Hq2dK9xLmP4rTz";

    private static async Task<Outcome<IReadOnlyList<ConsentEvent>>> RecordAsync(RequestFixture f, params ConsentInput[] inputs)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<ConsentLog>().RecordAsync(f.Tenant, AuditActor.System, inputs, default);
    }

    private static async Task<Dictionary<string, PurposeState>> StateAsync(RequestFixture f, string type, string subject)
    {
        await using var scope = f.Db.Scope();
        var state = await scope.ServiceProvider.GetRequiredService<ConsentLog>().StateAsync(f.Tenant, type, subject, default);
        return state.Value!.ToDictionary(s => s.Purpose);
    }

    private static Task<RequestFixture> ShopAsync(DatabaseProvider provider) =>
        RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 3);

    [Fact]
    public void The_purposes_are_the_data_maps_consent_activities_and_necessary_cannot_be_refused()
    {
        var purposes = ConsentPurpose.From(DemoStore.Sample("flex4business"));

        purposes.Select(p => p.Key).ShouldBe(["necessary", "statistics", "marketing", "newsletter"]);
        purposes[0].Refusable.ShouldBeFalse();
        purposes.Skip(1).ShouldAllBe(p => p.Refusable && p.LegalBasis == "consent");
        purposes.Single(p => p.Key == "statistics").Processors.ShouldContain("google_analytics");
        purposes.Single(p => p.Key == "marketing").Title.In("da")!.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Events_are_recorded_with_Kantara_receipts_and_the_state_answers_what_holds_now(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-11-25T10:00:00Z", CultureInfo.InvariantCulture));

        var recorded = await RecordAsync(f,
            new ConsentInput("browser", Browser, "given", ["statistics", "marketing"], "banner", TextsHash: new string('a', 64), Language: "da"),
            new ConsentInput("person", "Ida@Example.dk", "given", ["newsletter"], "newsletter"));

        recorded.Succeeded.ShouldBeTrue(recorded.Failure?.Detail);
        var browser = await StateAsync(f, "browser", Browser);
        browser["necessary"].Given.ShouldBeTrue();
        browser["statistics"].ShouldSatisfyAllConditions(s => s.Given.ShouldBeTrue(), s => s.ExpiresAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime.AddDays(365)));
        browser["newsletter"].Given.ShouldBeFalse();
        (await StateAsync(f, "person", "ida@example.dk"))["newsletter"].ShouldSatisfyAllConditions(s => s.Given.ShouldBeTrue(), s => s.ExpiresAt.ShouldBeNull());

        var receipt = JsonDocument.Parse(recorded.Value![0].ReceiptJson).RootElement;
        receipt.GetProperty("version").GetString().ShouldBe("KI-CR-v1.1.0");
        receipt.GetProperty("jurisdiction").GetString().ShouldBe(f.Tenant.Country.ToString());
        receipt.GetProperty("consentTimestamp").GetInt64().ShouldBe(f.Clock.GetUtcNow().ToUnixTimeSeconds());
        receipt.GetProperty("collectionMethod").GetString().ShouldBe("banner");
        Guid.Parse(receipt.GetProperty("consentReceiptID").GetString()!).Version.ShouldBe(4);
        // The receipt's id is the event's, written in the usual hyphenated form that the receipts address takes.
        receipt.GetProperty("consentReceiptID").GetString().ShouldBe(recorded.Value[0].Id.ToString());
        receipt.GetProperty("piiControllers")[0].GetProperty("piiController").GetString().ShouldBe("Flex4Business ApS");
        var purposes = receipt.GetProperty("services")[0].GetProperty("purposes");
        purposes.GetArrayLength().ShouldBe(2);
        purposes[0].GetProperty("consentType").GetString().ShouldBe("EXPLICIT");
        purposes[0].GetProperty("thirdPartyDisclosure").GetBoolean().ShouldBeTrue();
        purposes[0].GetProperty("thirdPartyName").GetString()!.ShouldBe("Google Ireland Ltd. (Google Analytics)", "Kantara CR 1.1 names the third party, not the data map's key for it");
        receipt.GetProperty("lethe").GetProperty("textsHash").GetString().ShouldBe(new string('a', 64));
        // The log keeps keyed hashes of who, never the address.
        receipt.GetRawText().ShouldNotContain("ida@example.dk", Case.Insensitive);
        await using var scope = f.Db.Scope();
        (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ConsentEvents.IgnoreQueryFilters().Select(e => e.Subject).ToListAsync())
            .ShouldAllBe(s => !s.Contains("ida", StringComparison.OrdinalIgnoreCase) && !s.Contains(Browser, StringComparison.Ordinal));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_withdrawal_is_as_easy_as_consent_and_lapsed_or_outdated_consent_asks_again(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-01-10T10:00:00Z", CultureInfo.InvariantCulture));
        (await RecordAsync(f, new ConsentInput("browser", Browser, "given", ["statistics", "marketing"], "banner"))).Succeeded.ShouldBeTrue();
        (await RecordAsync(f, new ConsentInput("browser", Browser, "withdrawn", ["marketing"], "banner"))).Succeeded.ShouldBeTrue();

        var state = await StateAsync(f, "browser", Browser);
        state["statistics"].Given.ShouldBeTrue();
        state["marketing"].Given.ShouldBeFalse();
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2027-01-10T10:00:01Z", CultureInfo.InvariantCulture));
        (await StateAsync(f, "browser", Browser))["statistics"].Given.ShouldBeFalse();

        // Given again, then a new version of the notice is published: the banner must ask again.
        (await RecordAsync(f, new ConsentInput("browser", Browser, "given", ["statistics"], "banner"))).Succeeded.ShouldBeTrue();
        (await StateAsync(f, "browser", Browser))["statistics"].Given.ShouldBeTrue();
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<NoticeCommands>().PublishAsync(f.Tenant, AuditActor.System, default)).Succeeded.ShouldBeTrue();
        }

        (await StateAsync(f, "browser", Browser))["statistics"].Given.ShouldBeFalse();
        await using var read = f.Db.Scope();
        var history = await read.ServiceProvider.GetRequiredService<ConsentLog>().HistoryAsync(f.Tenant, AuditActor.System, "browser", Browser, default);
        history.Value!.Select(e => e.Action).ShouldBe(["given", "withdrawn", "given"]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_full_batch_is_stored_row_for_row_and_each_event_carries_the_receipt_the_log_keeps(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);
        // Sub-microsecond ticks: the database keeps microseconds.
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-11-25T10:00:00.1234567Z", CultureInfo.InvariantCulture));
        // More events than PostgreSQL's path builds in one step, of every shape: browsers and people, given and withdrawn,
        // with and without a hash of the texts, a notice version or a language.
        var inputs = Enumerable.Range(0, ConsentInput.MaxBatch).Select(i => i % 3 == 0
            ? new ConsentInput("person", $"Person{i}@Example.dk", i % 2 == 0 ? "given" : "withdrawn", ["newsletter"], "newsletter", Language: "en")
            : new ConsentInput("browser", $"{Browser}-{i}", "given", i % 2 == 0 ? ["statistics"] : ["statistics", "marketing"], "banner",
                TextsHash: i % 5 == 0 ? null : new string('A', 64), NoticeVersion: i % 7 == 0 ? 1 : null, Language: i % 4 == 0 ? null : "da")).ToArray();

        var recorded = await RecordAsync(f, inputs);

        recorded.Succeeded.ShouldBeTrue(recorded.Failure?.Detail);
        // PostgreSQL keeps microseconds (the tenth is dropped on the way in); SQLite keeps the text of every tick.
        var occurred = DateTime.Parse(provider == DatabaseProvider.Postgres ? "2026-11-25T10:00:00.123456Z" : "2026-11-25T10:00:00.1234567Z",
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        await using var scope = f.Db.Scope();
        var stored = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ConsentEvents.IgnoreQueryFilters().AsNoTracking()
            .OrderBy(e => e.Position).ToListAsync();
        stored.Count.ShouldBe(inputs.Length);
        for (var i = 0; i < inputs.Length; i++)
        {
            var (sent, kept) = (recorded.Value![i], stored[i]);
            kept.ShouldSatisfyAllConditions(
                k => k.Id.ShouldBe(sent.Id),
                k => k.TenantId.ShouldBe(f.Tenant.Id),
                k => k.Subject.ShouldBe(sent.Subject),
                k => k.Action.ShouldBe(inputs[i].Action),
                k => k.PurposesJson.ShouldBe(JsonSerializer.Serialize(inputs[i].Purposes)),
                k => k.Channel.ShouldBe(inputs[i].Channel),
                k => k.NoticeVersion.ShouldBe(sent.NoticeVersion),
                k => k.TextsHash.ShouldBe(inputs[i].TextsHash?.ToLowerInvariant()),
                k => k.Position.ShouldBe(i),
                k => k.OccurredAt.ShouldBe(occurred),
                // What the caller holds is what the log keeps, byte for byte.
                k => k.ReceiptJson.ShouldBe(sent.ReceiptJson));
            JsonDocument.Parse(kept.ReceiptJson).RootElement.GetProperty("consentReceiptID").GetString().ShouldBe(sent.Id.ToString());
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Within_a_batch_the_last_event_for_a_subject_decides_and_later_events_override_earlier_ones(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);
        const string other = "Zx9Wq8Er7Ty6Ui5O";
        (await RecordAsync(f, new ConsentInput("browser", other, "given", ["statistics"], "banner"))).Succeeded.ShouldBeTrue();

        var batch = await RecordAsync(f,
            new ConsentInput("browser", Browser, "given", ["statistics", "marketing"], "banner"),
            new ConsentInput("browser", other, "withdrawn", ["statistics"], "banner"),
            new ConsentInput("browser", Browser, "withdrawn", ["marketing"], "banner"),
            new ConsentInput("browser", other, "given", ["marketing"], "banner"));

        batch.Succeeded.ShouldBeTrue(batch.Failure?.Detail);
        var first = await StateAsync(f, "browser", Browser);
        (first["statistics"].Given, first["marketing"].Given).ShouldBe((true, false));
        first["marketing"].EventId.ShouldBe(batch.Value![2].Id);
        var second = await StateAsync(f, "browser", other);
        (second["statistics"].Given, second["marketing"].Given).ShouldBe((false, true));
        second["statistics"].EventId.ShouldBe(batch.Value[1].Id);
        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await db.ConsentEvents.IgnoreQueryFilters().CountAsync()).ShouldBe(5);
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(e => e.Action == AuditActions.ConsentRecorded)).ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_purpose_answered_long_ago_is_found_behind_many_newer_events_about_others(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);
        (await RecordAsync(f, new ConsentInput("browser", Browser, "given", ["statistics"], "banner"))).Succeeded.ShouldBeTrue();
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        var toggles = Enumerable.Range(0, 75)
            .Select(i => new ConsentInput("browser", Browser, i % 2 == 0 ? "given" : "withdrawn", ["marketing"], "banner")).ToArray();
        (await RecordAsync(f, toggles)).Succeeded.ShouldBeTrue();

        var state = await StateAsync(f, "browser", Browser);

        state["statistics"].Given.ShouldBeTrue();
        state["marketing"].Given.ShouldBeTrue("75 toggles starting with 'given' end with 'given'");
        state["newsletter"].ShouldSatisfyAllConditions(s => s.Given.ShouldBeFalse(), s => s.EventId.ShouldBeNull());
    }

    [Fact]
    public void A_data_map_stored_with_necessary_as_a_consent_purpose_cannot_make_it_refusable()
    {
        // The data map's checks refuse this now (BrokenManifestTests); one stored before they did is read safely.
        var manifest = DemoStore.Sample("flex4business");
        var statistics = manifest.Activities.First(a => a.ConsentPurpose == "statistics");
        var stored = manifest with { Activities = [.. manifest.Activities, statistics with { Key = "strictly", ConsentPurpose = "necessary" }] };

        var purposes = ConsentPurpose.From(stored);

        purposes.Select(p => p.Key).ShouldBe(ConsentPurpose.From(manifest).Select(p => p.Key));
        purposes.Single(p => p.Key == "necessary").ShouldSatisfyAllConditions(p => p.Refusable.ShouldBeFalse(), p => p.Processors.ShouldBeEmpty());
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_new_data_map_revision_is_what_the_next_receipt_and_state_read(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);
        var given = new ConsentInput("browser", Browser, "given", ["statistics"], "banner");
        (await RecordAsync(f, given)).Succeeded.ShouldBeTrue();
        (await StateAsync(f, "browser", Browser)).Keys.ShouldContain("newsletter");

        var manifest = DemoStore.Sample("flex4business");
        var renamed = manifest with
        {
            Organization = manifest.Organization with { Name = "Flex4Business A/S" },
            Activities = manifest.Activities.Where(a => a.ConsentPurpose != "newsletter").ToList(),
        };
        await using (var scope = f.Db.Scope())
        {
            var imported = await scope.ServiceProvider.GetRequiredService<Lethe.DataMap.DataMapCommands>()
                .ImportAsync(f.Tenant, AuditActor.System, Lethe.DataMap.ManifestWriter.Write(renamed), "manifest.yaml", default);
            imported.Succeeded.ShouldBeTrue(imported.Failure?.Detail);
        }

        var recorded = await RecordAsync(f, given);
        recorded.Succeeded.ShouldBeTrue(recorded.Failure?.Detail);
        JsonDocument.Parse(recorded.Value![0].ReceiptJson).RootElement.GetProperty("piiControllers")[0].GetProperty("piiController").GetString()
            .ShouldBe("Flex4Business A/S");
        (await StateAsync(f, "browser", Browser)).Keys.ShouldNotContain("newsletter");
        (await RecordAsync(f, given with { Purposes = ["newsletter"] })).Failure.ShouldBeOfType<InvalidInput>();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Only_a_notice_that_changes_what_people_consent_to_or_is_marked_so_asks_again(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);
        async Task<NoticeVersion> PublishAsync(bool askAgain = false)
        {
            await using var scope = f.Db.Scope();
            var published = await scope.ServiceProvider.GetRequiredService<NoticeCommands>().PublishAsync(f.Tenant, AuditActor.System, askAgain, default);
            return published.Value.ShouldNotBeNull();
        }

        async Task<bool> StatisticsAsync() => (await StateAsync(f, "browser", Browser))["statistics"].Given;
        var given = new ConsentInput("browser", Browser, "given", ["statistics"], "banner");

        (await PublishAsync()).AsksConsentAgain.ShouldBeTrue("the first notice");
        (await RecordAsync(f, given)).Succeeded.ShouldBeTrue();
        (await PublishAsync()).AsksConsentAgain.ShouldBeFalse("the consent purposes read as before");
        (await StatisticsAsync()).ShouldBeTrue();

        (await PublishAsync(askAgain: true)).AsksConsentAgain.ShouldBeTrue();
        (await StatisticsAsync()).ShouldBeFalse();

        (await RecordAsync(f, given)).Succeeded.ShouldBeTrue();
        var manifest = DemoStore.Sample("flex4business");
        var statistics = manifest.Activities.First(a => a.ConsentPurpose == "statistics");
        var wider = manifest with
        {
            Activities = manifest.Activities.Select(a => a == statistics ? a with { Recipients = [.. a.Recipients, "meta_pixel"] } : a).ToList(),
        };
        await using (var scope = f.Db.Scope())
        {
            var imported = await scope.ServiceProvider.GetRequiredService<Lethe.DataMap.DataMapCommands>()
                .ImportAsync(f.Tenant, AuditActor.System, Lethe.DataMap.ManifestWriter.Write(wider), "manifest.yaml", default);
            imported.Succeeded.ShouldBeTrue(imported.Failure?.Detail);
        }

        (await StatisticsAsync()).ShouldBeTrue("a new data map alone asks nobody again");
        (await PublishAsync()).AsksConsentAgain.ShouldBeTrue("statistics now has another recipient");
        (await StatisticsAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task Bad_events_name_their_field_and_nothing_of_the_batch_is_recorded()
    {
        var f = await ShopAsync(DatabaseProvider.Sqlite);
        var good = new ConsentInput("browser", Browser, "given", ["statistics"], "banner");

        (await RecordAsync(f, Enumerable.Repeat(good, 1001).ToArray())).Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["events"]);
        (await RecordAsync(f)).Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["events"]);
        var mixed = await RecordAsync(f, good, good with { Purposes = ["statistics", "horoscopes"] }, good with { Subject = "x" },
            good with { Action = "withdrawn", Purposes = ["necessary"] }, good with { Purposes = ["marketing"], GlobalPrivacyControl = true },
            good with { Channel = "carrier-pigeon" }, good with { TextsHash = "abc" }, good with { SubjectType = "cat" },
            good with { Purposes = [null!, "statistics"] }, good with { TextsHash = new string('g', 64) }, good with { Purposes = ["newsletter"] });
        var errors = mixed.Failure.ShouldBeOfType<InvalidInput>().Errors;
        errors.Keys.ShouldBe(["events[1].purposes", "events[2].subject.value", "events[3].purposes", "events[4].purposes", "events[5].channel",
            "events[6].textsHash", "events[7].subject.type", "events[8].purposes", "events[9].textsHash", "events[10].purposes"], ignoreOrder: true);
        errors["events[8].purposes"][0].ShouldContain("not null");
        errors["events[10].purposes"][0].ShouldContain("not asked in the cookie banner");
        errors["events[1].purposes"][0].ShouldContain("horoscopes");
        errors["events[4].purposes"][0].ShouldContain("Global Privacy Control");
        await using var scope = f.Db.Scope();
        (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ConsentEvents.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_banner_records_only_the_purposes_it_asks_for_so_accept_all_never_signs_a_browser_up_for_the_newsletter(DatabaseProvider provider)
    {
        var f = await ShopAsync(provider);

        var refused = await RecordAsync(f, new ConsentInput("browser", Browser, "given", ["statistics", "newsletter"], "banner", Language: "da"));
        var byMail = await RecordAsync(f, new ConsentInput("person", "ida@example.dk", "given", ["newsletter"], "newsletter"));
        var accepted = await RecordAsync(f, new ConsentInput("browser", Browser, "given", ["statistics", "marketing"], "banner", Language: "da"));

        refused.Failure.ShouldBeOfType<InvalidInput>().Errors["purposes"].ShouldHaveSingleItem().ShouldContain("'newsletter' is not asked in the cookie banner");
        byMail.Succeeded.ShouldBeTrue(byMail.Failure?.Detail);
        accepted.Succeeded.ShouldBeTrue(accepted.Failure?.Detail);
        var state = await StateAsync(f, "browser", Browser);
        state["statistics"].Given.ShouldBeTrue();
        state["newsletter"].Given.ShouldBeFalse();
    }
}
