using System.Globalization;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Scanning;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Scanning;

/// <summary>
/// The case the issue was filed from: a telecom's support database whose ticket texts hold Danish CPR numbers, Norwegian
/// fødselsnumre and card numbers among order numbers, invoice numbers and timestamps, an agents' call-note table the
/// data map never names, and lookup tables (<c>category</c>, <c>language</c>) with nothing personal in them. The test
/// knows where it planted each number; the engine's findings and its masking are checked against that, row by row.
/// </summary>
public sealed class TelecomScanTests
{
    private const int Tickets = 3_000;

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Every_planted_number_is_found_in_its_column_and_rows_and_nothing_sure_is_reported_elsewhere(DatabaseProvider provider)
    {
        var t = await Telecom.CreateAsync(provider);

        var report = await t.ScanAsync();

        report.Finished.ShouldBeTrue();
        report.Tables.ShouldAllBe(x => x.Done && x.Error == null);
        var sure = report.Findings.Where(x => x.Confidence >= Confidence.High).ToList();

        // Where something was planted: the rows counted are exactly the planted rows, and the examples are among them.
        AssertFound(sure, "support_ticket", "body", DetectorKind.Cpr, t.CprRows);
        AssertFound(sure, "support_ticket", "body", DetectorKind.Fodselsnummer, t.FodselsnummerRows);
        AssertFound(sure, "support_ticket", "body", DetectorKind.PaymentCard, t.CardRows);
        AssertFound(sure, "call_note", "text", DetectorKind.Cpr, t.NoteCprRows);

        // Nothing sure anywhere else: not in the lookup tables, not in the order numbers and timestamps around the plants.
        sure.Select(x => $"{x.Table}.{x.Column}").Distinct().ShouldBe(["support_ticket.body", "call_note.text", "subscriber.email"], ignoreOrder: true);
        sure.Where(x => x.Table == "support_ticket").Select(x => x.Kind).Distinct()
            .ShouldBe([DetectorKind.Cpr, DetectorKind.Fodselsnummer, DetectorKind.PaymentCard], ignoreOrder: true);
        report.Findings.ShouldNotContain(x => x.Table == "category" || x.Table == "language");

        var note = sure.Single(x => x.Table == "call_note");
        note.Described.ShouldBeFalse();
        ScanSuggestion.AdviceFor(note).ShouldBe(ScanAdvice.Describe);
        var body = sure.First(x => x.Table == "support_ticket" && x.Kind == DetectorKind.Cpr);
        ScanSuggestion.AdviceFor(body).ShouldBe(ScanAdvice.RetainOrMask);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Masking_the_card_numbers_changes_exactly_the_planted_rows_and_keeps_every_number_out_of_Lethes_store(DatabaseProvider provider)
    {
        var t = await Telecom.CreateAsync(provider);
        var report = await t.ScanAsync();
        var before = await t.BodiesAsync();

        foreach (var finding in report.Findings.Where(x => x.Table == "support_ticket" && x.Kind == DetectorKind.PaymentCard && x.Confidence >= Confidence.High))
        {
            await using var scope = t.Db.Scope();
            var masked = await scope.ServiceProvider.GetRequiredService<ScanMasking>().MaskAsync(t.Fixture.Tenant, AuditActor.System, report.Run.Id, finding.Id, dryRun: false, default);
            masked.Succeeded.ShouldBeTrue(masked.Failure?.ToString());
        }

        var after = await t.BodiesAsync();
        var changed = before.Keys.Where(id => before[id] != after[id]).Order().ToList();
        changed.ShouldBe(t.CardRows.Order().ToList(), "the oracle: the rows whose text changed are the rows a card was planted in");
        foreach (var id in t.CardRows)
        {
            after[id].ShouldNotContain(t.PlantedIn[id]);
            DigitsOf(after[id]).ShouldNotContain(DigitsOf(t.PlantedIn[id]));
        }

        await using (var scope = t.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var stored = string.Join("\n",
                (await db.ScanFindings.IgnoreQueryFilters().ToListAsync()).Select(x => System.Text.Json.JsonSerializer.Serialize(x))
                .Concat((await db.ScanTables.IgnoreQueryFilters().ToListAsync()).Select(x => System.Text.Json.JsonSerializer.Serialize(x)))
                .Concat((await db.AuditEntries.IgnoreQueryFilters().ToListAsync()).Select(x => System.Text.Json.JsonSerializer.Serialize(x))));
            stored.ShouldContain("scan.masked");
            foreach (var value in t.PlantedIn.Values)
            {
                stored.ShouldNotContain(value);
                DigitsOf(stored).ShouldNotContain(DigitsOf(value));
            }
        }
    }

    private static void AssertFound(List<ScanFinding> findings, string table, string column, DetectorKind kind, IReadOnlyCollection<long> planted)
    {
        var these = findings.Where(x => x.Table == table && x.Column == column && x.Kind == kind).ToList();
        these.ShouldNotBeEmpty($"{kind} in {table}.{column}");
        // One finding per confidence: a row is counted under the surest match in it, so the rows add up.
        these.Sum(x => x.Rows).ShouldBe(planted.Count, $"{kind} rows in {table}.{column}: " + string.Join("; ", these.Select(x => $"{x.Confidence} {x.Rows} {x.ExampleKeys}")));
        these.SelectMany(ScanFixture.ExampleKeys).ShouldBeSubsetOf(planted);
    }

    private static string DigitsOf(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    private sealed class Telecom
    {
        public required ScanFixture Fixture { get; init; }

        public TestDatabase Db => Fixture.Db;

        public List<long> CprRows { get; } = [];

        public List<long> FodselsnummerRows { get; } = [];

        public List<long> CardRows { get; } = [];

        public List<long> NoteCprRows { get; } = [];

        /// <summary>The number planted in each ticket, as written there.</summary>
        public Dictionary<long, string> PlantedIn { get; } = [];

        public static async Task<Telecom> CreateAsync(DatabaseProvider provider)
        {
            // The e-mail fixture gives a tenant and a datastore; its tables make way for the telecom's, under a data map of their own.
            var fixture = await ScanFixture.CreateAsync(provider);
            var t = new Telecom { Fixture = fixture };
            await t.BuildAsync(provider == DatabaseProvider.Postgres);
            return t;
        }

        public async Task<ScanReport> ScanAsync() => await Fixture.ScanAsync(new ScanInput(Datastore: "telecom.db"));

        public async Task<Dictionary<long, string>> BodiesAsync() =>
            (await Fixture.QueryAsync("SELECT ticket_id, body FROM support_ticket ORDER BY ticket_id"))
                .ToDictionary(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r => (string)r[1]!);

        private async Task BuildAsync(bool postgres)
        {
            var key = postgres ? "bigint PRIMARY KEY" : "INTEGER PRIMARY KEY";
            await Fixture.ExecuteAsync("DROP TABLE customers; DROP TABLE tickets; DROP TABLE notes; DROP TABLE products;");
            await Fixture.ExecuteAsync($"""
                CREATE TABLE subscriber (subscriber_id {key}, full_name text, email text, signup_date text);
                CREATE TABLE support_ticket (ticket_id {key}, subscriber_id bigint, category_id bigint, language_id bigint, body text, opened_at text);
                CREATE TABLE call_note (note_id {key}, agent text, text text);
                CREATE TABLE category (category_id {key}, name text);
                CREATE TABLE language (language_id {key}, name text, code text);
                """);
            await Fixture.ExecuteAsync("""
                INSERT INTO category (category_id, name) VALUES (1, 'Faktura'), (2, 'Mobilt bredbånd'), (3, 'Nummerflytning'), (4, 'Roaming');
                INSERT INTO language (language_id, name, code) VALUES (1, 'Dansk', 'da'), (2, 'Norsk bokmål', 'nb'), (3, 'English', 'en');
                """);
            await InsertAsync("subscriber", "subscriber_id, full_name, email, signup_date",
                Enumerable.Range(1, 50).Select(i => $"{i}, 'Abonnent {i}', 'abonnent{i}@telefon-eksempel.dk', '2025-0{1 + i % 9}-1{i % 10}'"));

            var random = new Random(19);
            var bodies = new Dictionary<long, string>();
            for (long id = 1; id <= Tickets; id++)
            {
                bodies[id] = Filler(id, random);
            }

            // Spread over the table, in Danish and Norwegian sentences, in the forms people type.
            var plantRows = Enumerable.Range(0, 24).Select(i => 37L + i * 121).ToList();
            string[] cprForms = ["CPR: {0}", "cpr-nr. {0}", "mit personnummer er {0}", "CPR {0}"];
            for (var i = 0; i < 12; i++)
            {
                var number = Cpr(new DateOnly(1950 + i * 4, 1 + i, 1 + i * 2), random);
                var written = i % 3 == 0 ? number : $"{number[..6]}-{number[6..]}";
                Plant(bodies, plantRows[i], CprRows, written, $"Kunden ringede om nummerflytning, {string.Format(CultureInfo.InvariantCulture, cprForms[i % cprForms.Length], written)}, og ønsker svar pr. brev.");
            }

            (string Prefix, int Length, int Group, char Joiner)[] cards =
                [("4571", 16, 4, ' '), ("5413", 16, 4, '-'), ("4", 13, 13, ' '), ("378282", 15, 15, ' '), ("4000", 16, 4, ' '), ("2221", 16, 4, '-'), ("6011", 16, 16, ' '), ("4571", 19, 4, ' ')];
            for (var i = 0; i < cards.Length; i++)
            {
                var (prefix, length, group, joiner) = cards[i];
                var number = Generated.Card(prefix, length, random);
                var written = group >= length ? number : Generated.Grouped(number, group, joiner);
                Plant(bodies, plantRows[12 + i], CardRows, written, $"Betaling fejlede; kunden læste kortnummer {written} op i telefonen. Ordre {OrderNumber(random)}.");
            }

            for (var i = 0; i < 4; i++)
            {
                var number = Generated.Fodselsnummer(new DateOnly(1961 + i * 9, 3 + i, 10 + i), random)!;
                Plant(bodies, plantRows[20 + i], FodselsnummerRows, number, $"Kunden i Bergen oppga fødselsnummer {number} ved porteringen av nummeret.");
            }

            var languages = new[] { 1, 2, 3 };
            await InsertAsync("support_ticket", "ticket_id, subscriber_id, category_id, language_id, body, opened_at",
                bodies.Select(b => $"{b.Key}, {1 + b.Key % 50}, {1 + b.Key % 4}, {languages[b.Key % 3]}, '{b.Value.Replace("'", "''", StringComparison.Ordinal)}', '2026-10-{1 + b.Key % 28:00} 0{b.Key % 10}:15:00'"));

            var notes = Enumerable.Range(1, 40).ToDictionary(i => (long)i, i => $"Opkald {OrderNumber(random)} varede {i % 9} min.; kunden bekræftede adressen.");
            foreach (var id in new long[] { 7, 31 })
            {
                var number = Cpr(new DateOnly(1988, 8, (int)id % 28), random);
                notes[id] = $"Identitet bekræftet med CPR-nummer {number[..6]}-{number[6..]}.";
                NoteCprRows.Add(id);
            }

            await InsertAsync("call_note", "note_id, agent, text", notes.Select(n => $"{n.Key}, 'agent{n.Key % 4}', '{n.Value}'"));
            if (postgres)
            {
                await Fixture.ExecuteAsync("ANALYZE");
            }

            await ImportAsync();
        }

        private void Plant(Dictionary<long, string> bodies, long row, List<long> into, string number, string text)
        {
            bodies[row] = text;
            into.Add(row);
            PlantedIn[row] = number;
        }

        private static string Cpr(DateOnly date, Random random) =>
            Generated.Cpr(date, random) ?? throw new InvalidOperationException($"no serial passes modulus 11 for {date}");

        // The numbers a support desk writes all day: order and invoice numbers, amounts and times. None is personal.
        private static string Filler(long id, Random random) => (id % 4) switch
        {
            0 => $"Ordre {OrderNumber(random)} leveret {2026}-{1 + id % 12:00}-{1 + id % 28:00} {id % 24:00}:{id % 60:00}; faktura 2026-{id:000000}.",
            1 => $"Kunden spørger til faktura nr. {random.Next(10_000_000, 99_999_999)} på {random.Next(100, 999)},{random.Next(10, 99)} kr.",
            2 => $"Roaming aktiveret {id % 28 + 1}.{id % 12 + 1}.2026 kl. {id % 24}:{id % 60:00}, sag {OrderNumber(random)}.",
            _ => $"Sendt nyt SIM-kort, forsendelse {random.Next(100_000, 999_999)}-{random.Next(1000, 9999)}.",
        };

        // Ten digits drawn at random, as order systems hand them out: some read as a date, most do not.
        private static string OrderNumber(Random random) => random.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);

        private async Task InsertAsync(string table, string columns, IEnumerable<string> rows)
        {
            foreach (var chunk in rows.Chunk(400))
            {
                await Fixture.ExecuteAsync($"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", chunk.Select(r => $"({r})"))}");
            }
        }

        private async Task ImportAsync()
        {
            var variable = "LETHE_TEST_TELECOM_" + Guid.NewGuid().ToString("N");
            Environment.SetEnvironmentVariable(variable, Fixture.ConnectionString);
            await using var scope = Db.Scope();
            var manifest = $"""
                lethe: 1
                organization:
                  name: Telefon ApS
                  registrationNumber: "42497762"
                  country: DK
                  address: Vej 1, 8000 Aarhus C
                  email: privacy@telefon.example
                subjectCategories:
                  - key: subscriber
                    name:
                      en: Subscribers
                systems:
                  - key: telecom
                    name: Support desk
                    datastores:
                      - key: db
                        kind: {Fixture.Kind.Name}
                        connection: env:{variable}
                        collections:
                          - name: subscriber
                            fields:
                              - name: subscriber_id
                              - name: full_name
                                category: contact.name
                              - name: email
                                category: contact.email
                                identifies: email
                              - name: signup_date
                          - name: support_ticket
                            fields:
                              - name: ticket_id
                              - name: subscriber_id
                                references: subscriber.subscriber_id
                              - name: body
                                category: communication.inquiry
                activities:
                  - key: support
                    purpose:
                      en: Answering subscribers
                    legalBasis: contract
                    subjects: [subscriber]
                    categories: [contact.email, communication.inquiry]
                    systems: [telecom]
                    retention: subscriber_data
                retention:
                  - key: subscriber_data
                    maximum: P3Y
                    anchor: telecom.db.subscriber.signup_date
                    action: delete
                    description:
                      en: Three years after sign-up

                """;
            var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(Fixture.Tenant, AuditActor.System, manifest, "manifest.yaml", default);
            imported.Succeeded.ShouldBeTrue(imported.Failure?.ToString());
        }
    }
}
