using System.Globalization;
using Lethe.Execution;

namespace Lethe.Tests.Ownership;

/// <summary>A generated person: identities unique among all people of one store.</summary>
public sealed record Person(string Email, string Phone, string FullName, string Extension);

/// <summary>A generated schema, its data (rows in column order per table) and the people in it.</summary>
public sealed record GeneratedStore(int Seed, OwnershipMap Map, IReadOnlyDictionary<string, List<object?[]>> Rows, IReadOnlyList<Person> People)
{
    /// <summary>In a store generated for ambiguity: the person who is in an <c>is: person</c> collection twice.</summary>
    public Person? Ambiguous { get; init; }

    /// <summary>All of the person's identities the schema knows.</summary>
    public IReadOnlyList<Identity> AllIdentitiesOf(Person person) =>
        HasStaffComposite
            ? [new("email", person.Email), new("phone", person.Phone), new("full_name", person.FullName), new("extension", person.Extension)]
            : [new("email", person.Email), new("phone", person.Phone), new("full_name", person.FullName)];

    public bool HasStaffComposite => Map.Tables.Any(t => t.Name == "staff" && t.Columns.Any(c => c.Identifies == "extension"));

    /// <summary>Some of the person's identities, each spelled differently from how it is stored; never empty.</summary>
    public IReadOnlyList<Identity> IdentitiesOf(Person person, Random random)
    {
        var all = new List<Identity>
        {
            new("email", random.Next(2) == 0 ? person.Email : $"  {person.Email.ToUpperInvariant()} "),
            new("phone", GeneratedSchemas.PhoneSpelling(person.Phone, random)),
            new("full_name", GeneratedSchemas.NameSpelling(person.FullName, random)),
        };
        if (HasStaffComposite)
        {
            all.Add(new("extension", person.Extension));
        }

        var chosen = all.Where(_ => random.NextDouble() < 0.55).ToList();
        return chosen.Count > 0 ? chosen : [all[random.Next(all.Count)]];
    }
}

/// <summary>
/// Seeded random schemas and data over the shapes that make "whose row is it" hard: belongsTo chains of depth 1–4,
/// diamonds (a belongsTo beside a mention or plain reference to another owned collection), shared reference data,
/// self-references as ownership (message threads) and as a mention (staff.reports_to), <c>when</c> on persons and on
/// owned rows, <c>owns</c> references to addresses some people share, composite identities, e-mails in mixed case,
/// phones in mixed spellings, and a read-only collection with a composite primary key.
/// </summary>
public static class GeneratedSchemas
{
    private static readonly string[] FirstNames = ["Anna", "Bo", "Carl", "Dorte", "Emil", "Freja", "Gustav", "Hanne", "Ib", "Jonas", "Karen", "Lars", "Mette", "Niels", "Ole", "Pia"];
    private static readonly string[] LastNames = ["Berg", "Holm", "Jensen", "Kjær", "Lund", "Madsen", "Nielsen", "Olsen", "Poulsen", "Skov", "Vestergaard"];
    private static readonly string[] ChainNames = ["orders", "order_lines", "line_notes", "note_edits"];
    private static readonly string[] ChainParents = ["customer_id", "order_id", "line_id", "note_id"];
    private static readonly string[] Strategies = ["hash", "set-null", "replace", "delete-row"];

    /// <summary>A value stored as the generator wrote it, padding and doubled spaces included: the engine must find it all the same.</summary>
    private static string Stored(string value) => value;

    public static string PhoneSpelling(string digits, Random random) => random.Next(8) switch
    {
        0 => $"+45 {digits[..2]} {digits[2..4]} {digits[4..6]} {digits[6..]}",
        1 => $"0045 {digits}",
        2 => digits,
        3 => $"+45{digits}",
        4 => $"{digits[..2]}-{digits[2..4]}-{digits[4..6]}-{digits[6..]}",
        5 => $"(+45) {digits[..2]} {digits[2..4]} {digits[4..6]} {digits[6..]}",
        6 => $"45{digits}",
        _ => $"{digits[..2]}.{digits[2..4]}.{digits[4..6]}.{digits[6..]}",
    };

    /// <summary>The name with its ASCII letters' case changed and its whitespace doubled or padded.</summary>
    public static string NameSpelling(string name, Random random) => random.Next(4) switch
    {
        0 => name,
        1 => " " + name.Replace(" ", "  ", StringComparison.Ordinal) + " ",
        2 => new string(name.Select(ch => char.IsAsciiLetter(ch) ? char.ToUpperInvariant(ch) : ch).ToArray()),
        _ => new string(name.Select(ch => char.IsAsciiLetter(ch) ? char.ToLowerInvariant(ch) : ch).ToArray()),
    };

    private static string EmailSpelling(string email, Random random) => random.Next(4) switch
    {
        0 => email,
        1 => email.ToUpperInvariant(),
        2 => " " + char.ToUpperInvariant(email[0]) + email[1..] + " ",
        _ => string.Concat(email.Select((ch, i) => i % 2 == 0 ? char.ToUpperInvariant(ch) : ch)),
    };

    /// <param name="ambiguous">Give one person a second person row their identities also match.</param>
    public static GeneratedStore Generate(int seed, bool ambiguous = false) => new Generator(seed).Build(ambiguous);

    private sealed class Generator(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<TableSpec> _tables = [];
        private readonly Dictionary<string, List<object?[]>> _rows = [];
        private readonly List<Person> _people = [];
        private Person? _ambiguous;

        private bool Chance(double p) => _random.NextDouble() < p;

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private string Strategy() => Pick(Strategies);

        private long NextId(string table) => (_tables.FindIndex(t => t.Name == table) + 1) * 1000L + _rows[table].Count + 1;

        private void Add(TableSpec table) { _tables.Add(table); _rows[table.Name] = []; }

        private List<object?[]> Rows(string table) => _rows[table];

        private object? Id(object?[] row) => row[0];

        private object? RandomId(string table, double nullChance = 0) =>
            Rows(table).Count == 0 || Chance(nullChance) ? null : Id(Pick(Rows(table)));

        private static ColumnSpec Erasable(string name, string strategy) =>
            new(name) { Erasure = strategy, Replacement = strategy == "replace" ? "Erased" : null, Category = "contact.name" };

        public GeneratedStore Build(bool ambiguous)
        {
            var names = FirstNames.SelectMany(f => LastNames.Select(l => $"{f} {l}")).OrderBy(_ => _random.Next()).ToList();
            var count = _random.Next(6, 11);
            for (var i = 0; i < count; i++)
            {
                var name = names[i];
                _people.Add(new Person(
                    $"{name.Replace(' ', '.').Replace("æ", "ae", StringComparison.Ordinal).ToLowerInvariant()}{i}@example.dk",
                    (20_000_000 + (i * 7_919_111) + _random.Next(1000)).ToString(CultureInfo.InvariantCulture),
                    name,
                    (100 + i).ToString(CultureInfo.InvariantCulture)));
            }

            var withAddresses = Chance(0.7);
            var staffMode = _random.Next(3); // 0: none, 1: composite extension+full_name, 2: e-mail
            if (withAddresses)
            {
                Add(new TableSpec("addresses", [new("id", ColumnType.Integer), Erasable("street", Chance(0.5) ? "replace" : "delete-row"), new("city")]));
                for (var i = 0; i < count * 2; i++)
                {
                    Rows("addresses").Add([NextId("addresses"), $"Vej {i}", "Aarhus"]);
                }
            }

            Add(new TableSpec("products", [new("id", ColumnType.Integer), new("name"), new("price", ColumnType.Integer)]));
            for (var i = 0; i < 5; i++)
            {
                Rows("products").Add([NextId("products"), $"Product {i}", (long)(i * 100)]);
            }

            Customers(withAddresses, ambiguous && staffMode != 1);
            if (staffMode != 0)
            {
                Staff(composite: staffMode == 1, ambiguous && staffMode == 1);
            }

            Chain(_random.Next(1, 5), withAddresses, staffMode != 0);
            if (staffMode != 0 && Chance(0.7))
            {
                Rentals();
            }

            if (Chance(0.7))
            {
                Messages();
            }

            if (Chance(0.7))
            {
                Comments();
            }

            if (Chance(0.6))
            {
                CustomerTags();
            }

            return new GeneratedStore(seed, new OwnershipMap(_tables), _rows, _people) { Ambiguous = _ambiguous };
        }

        private void Customers(bool withAddresses, bool ambiguous)
        {
            var whenKind = _random.Next(5); // 0: none, 1: equals ENK, 2: in, 3: notIn, 4: isNull on deleted_at
            List<ConditionSpec> when = whenKind switch
            {
                1 => [new("company_form") { EqualsValue = "ENK" }],
                2 => [new("company_form") { In = ["ENK", "IS"] }],
                3 => [new("company_form") { NotIn = ["ApS", "AS"] }],
                4 => [new("deleted_at") { IsNull = true }],
                _ => [],
            };
            var deleteRow = Chance(0.4);
            List<ColumnSpec> columns =
            [
                new("id", ColumnType.Integer),
                new("full_name") { Identifies = "full_name", Category = "contact.name", Erasure = "replace", Replacement = "Anonymized person" },
                new("email") { Identifies = "email", Category = "contact.email", Erasure = "hash" },
                new("phone") { Identifies = "phone", Category = "contact.phone", Erasure = "set-null" },
                new("company_form"),
                new("deleted_at"),
                new("password_hash") { Disclose = false, Erasure = "set-null", Category = "account.credentials" },
                Erasable("note", deleteRow ? "delete-row" : "set-null"),
            ];
            if (withAddresses)
            {
                columns.Add(new("address_id", ColumnType.Integer) { References = "addresses.id", Owns = true, Category = "contact.address" });
            }

            Add(new TableSpec("customers", columns) { Is = "person", When = when });
            var persons = _people.Where(_ => Chance(0.85)).ToList();
            if (ambiguous)
            {
                // The same person twice, each row meeting when: the request must stop.
                _ambiguous = persons.Count > 0 ? persons[0] : _people[0];
                persons.AddRange(persons.Contains(_ambiguous) ? [_ambiguous] : [_ambiguous, _ambiguous]);
            }

            foreach (var person in persons)
            {
                Customer(person, personal: true, whenKind, withAddresses);
            }

            // Rows that are not persons (an ApS; a deleted customer): some carry a person's own identities.
            for (var i = _random.Next(0, 4); i > 0; i--)
            {
                if (whenKind == 0)
                {
                    object?[] company = [NextId("customers"), $"Company {i} ApS", $"info{i}@company.example", null, "ApS", null, "x", "n", withAddresses ? RandomId("addresses") : null];
                    Rows("customers").Add(company[..columns.Count]);
                }
                else
                {
                    Customer(Pick(_people), personal: false, whenKind, withAddresses);
                }
            }
        }

        private void Customer(Person person, bool personal, int whenKind, bool withAddresses)
        {
            var form = personal ? (whenKind == 1 ? "ENK" : Pick(new[] { "ENK", "IS" })) : Pick(new[] { "ApS", "AS" });
            var deletedAt = !personal && whenKind == 4 ? "2024-05-01" : null;
            object? address = null;
            if (withAddresses)
            {
                // The second customer shares the first one's address; the rest mostly have their own, some a random one, some none.
                var customers = Rows("customers");
                address = customers.Count == 1 ? customers[0][8]
                    : Chance(0.6) ? Id(Rows("addresses")[Math.Min(customers.Count, Rows("addresses").Count - 1)])
                    : RandomId("addresses", 0.4);
            }

            object?[] row = [NextId("customers"), Stored(NameSpelling(person.FullName, _random)), Stored(EmailSpelling(person.Email, _random)),
                PhoneSpelling(person.Phone, _random), form, deletedAt, "pbkdf2$secret", "note", address];
            Rows("customers").Add(withAddresses ? row : row[..8]);
        }

        private void Staff(bool composite, bool ambiguous)
        {
            var reportsAsMention = Chance(0.7);
            List<ColumnSpec> columns =
            [
                new("id", ColumnType.Integer),
                new("full_name") { Identifies = composite ? "full_name" : null, Category = "contact.name", Erasure = "replace", Replacement = "Former employee" },
                composite ? new("extension") { Identifies = "extension", Category = "employment.extension", Erasure = "set-null" }
                    : new("email") { Identifies = "email", Category = "contact.email", Erasure = "hash" },
                new("reports_to", ColumnType.Integer) { References = "staff.id", Erasure = reportsAsMention && Chance(0.5) ? "set-null" : null },
                Erasable("manager_note", "set-null"),
                new("pin") { Disclose = false, Category = "account.credentials" },
            ];
            Add(new TableSpec("staff", columns)
            {
                Is = "person",
                Mentions = reportsAsMention ? [new MentionSpec("reports_to", Chance(0.5) ? ["manager_note"] : [])] : [],
            });
            var staff = _people.Where(_ => Chance(0.5)).ToList();
            if (ambiguous)
            {
                // Two employees with the same extension and name (at different customers): the request must stop.
                _ambiguous = staff.Count > 0 ? staff[0] : _people[0];
                staff.AddRange(staff.Contains(_ambiguous) ? [_ambiguous] : [_ambiguous, _ambiguous]);
            }

            foreach (var person in staff)
            {
                Rows("staff").Add([NextId("staff"), Stored(NameSpelling(person.FullName, _random)), composite ? person.Extension : Stored(EmailSpelling(person.Email, _random)),
                    RandomId("staff", 0.3), "manager note", "1234"]);
            }
        }

        private void Chain(int depth, bool withAddresses, bool withStaff)
        {
            var parent = "customers";
            for (var level = 0; level < depth; level++)
            {
                var name = ChainNames[level];
                var field = ChainParents[level];
                var strategy = Strategy();
                var withProduct = Chance(0.5);
                var withStatus = Chance(0.4);
                var mention = level == 0 && withStaff && Chance(0.6);
                var owns = level == 0 && withAddresses && Chance(0.5);
                List<ColumnSpec> columns =
                [
                    new("id", ColumnType.Integer),
                    new(field, ColumnType.Integer) { References = $"{parent}.id" },
                    Erasable("detail", strategy),
                    new("status"),
                ];
                if (withProduct)
                {
                    columns.Add(new("product_id", ColumnType.Integer) { References = "products.id" });
                }

                if (mention)
                {
                    columns.Add(new("handled_by", ColumnType.Integer) { References = "staff.id", Erasure = Chance(0.5) ? "set-null" : null });
                    columns.Add(Erasable("handler_note", "set-null"));
                }

                if (owns)
                {
                    columns.Add(new("delivery_address_id", ColumnType.Integer) { References = "addresses.id", Owns = true });
                }

                Add(new TableSpec(name, columns)
                {
                    BelongsTo = field,
                    When = withStatus ? [new("status") { NotIn = ["draft"] }] : [],
                    Mentions = mention ? [new MentionSpec("handled_by", ["handler_note"])] : [],
                });

                var parents = Rows(parent).Select(Id).ToList();
                // Orphans and a dangling reference: rows that belong to nobody.
                parents.AddRange([null, 999_999L]);
                foreach (var parentId in parents)
                {
                    for (var n = _random.Next(0, parentId is null or 999_999L ? 2 : 4); n > 0; n--)
                    {
                        var row = new List<object?> { NextId(name), parentId, $"detail {Rows(name).Count}", Pick(new[] { "paid", "sent", "draft" }) };
                        if (withProduct)
                        {
                            row.Add(RandomId("products", 0.2));
                        }

                        if (mention)
                        {
                            row.AddRange([RandomId("staff", 0.3), "handler note"]);
                        }

                        if (owns)
                        {
                            // Mostly the customer's own address, sometimes one somebody else has.
                            var customer = Rows("customers").FirstOrDefault(c => Equals(Id(c), parentId));
                            row.Add(customer is not null && Chance(0.5) ? customer[8] : RandomId("addresses", 0.3));
                        }

                        Rows(name).Add([.. row]);
                    }
                }

                parent = name;
            }
        }

        private void Rentals()
        {
            var mention = Chance(0.6);
            Add(new TableSpec("rentals",
            [
                new("id", ColumnType.Integer),
                new("customer_id", ColumnType.Integer) { References = "customers.id" },
                new("staff_id", ColumnType.Integer) { References = "staff.id", Erasure = mention && Chance(0.5) ? "set-null" : null },
                Erasable("staff_note", "set-null"),
                new("product_id", ColumnType.Integer) { References = "products.id" },
                Erasable("detail", Strategy()),
            ])
            {
                BelongsTo = "customer_id",
                Mentions = mention ? [new MentionSpec("staff_id", ["staff_note"])] : [],
            });
            foreach (var customer in Rows("customers").Select(Id).Append(null))
            {
                for (var n = _random.Next(0, 3); n > 0; n--)
                {
                    Rows("rentals").Add([NextId("rentals"), customer, RandomId("staff", 0.2), "staff note", RandomId("products"), "rental"]);
                }
            }
        }

        private void Messages()
        {
            var withStatus = Chance(0.5);
            Add(new TableSpec("messages",
            [
                new("id", ColumnType.Integer),
                new("parent_id", ColumnType.Integer) { References = "messages.id" },
                new("author_email") { Identifies = "email", Category = "contact.email", Erasure = "hash" },
                Erasable("body", Chance(0.5) ? "set-null" : "delete-row"),
                new("status"),
            ])
            {
                BelongsTo = "parent_id",
                When = withStatus ? [new("status") { NotIn = ["spam"] }] : [],
            });
            for (var i = _random.Next(8, 20); i > 0; i--)
            {
                var root = Rows("messages").Count == 0 || Chance(0.35);
                var author = Chance(0.6) ? Stored(EmailSpelling(Pick(_people).Email, _random)) : Chance(0.5) ? $"anon{i}@example.org" : null;
                Rows("messages").Add([NextId("messages"), root ? null : RandomId("messages"), author, "body", Chance(0.2) ? "spam" : "ok"]);
            }
        }

        private void Comments()
        {
            List<ConditionSpec> when = [];
            if (Chance(0.5))
            {
                when.Add(new("approved") { In = ["1"] });
            }

            if (Chance(0.3))
            {
                when.Add(new("deleted_at") { IsNull = true });
            }

            Add(new TableSpec("comments",
            [
                new("id", ColumnType.Integer),
                new("customer_id", ColumnType.Integer) { References = "customers.id" },
                new("guest_email") { Identifies = "email", Category = "contact.email", Erasure = "hash" },
                new("approved"),
                new("deleted_at"),
                Erasable("body", Strategy()),
            ])
            {
                BelongsTo = "customer_id",
                When = when,
            });
            for (var i = _random.Next(5, 15); i > 0; i--)
            {
                var customer = RandomId("customers", 0.4);
                var guest = customer is null || Chance(0.2) ? (Chance(0.7) ? Stored(EmailSpelling(Pick(_people).Email, _random)) : $"guest{i}@example.org") : null;
                Rows("comments").Add([NextId("comments"), customer, guest, Chance(0.7) ? "1" : "0", Chance(0.2) ? "2024-02-02" : null, "comment"]);
            }
        }

        private void CustomerTags()
        {
            Add(new TableSpec("customer_tags",
            [
                new("customer_id", ColumnType.Integer) { References = "customers.id" },
                new("tag") { Category = "marketing.preferences" },
            ])
            {
                Key = null,
                PrimaryKey = ["customer_id", "tag"],
                BelongsTo = "customer_id",
            });
            foreach (var customer in Rows("customers").Select(Id))
            {
                foreach (var tag in new[] { "vip", "newsletter", "b2b" }.Where(_ => Chance(0.4)))
                {
                    Rows("customer_tags").Add([customer, tag]);
                }
            }
        }
    }
}
