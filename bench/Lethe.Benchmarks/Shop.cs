using System.Globalization;
using Lethe.Connectors;
using Lethe.DataMap;
using Npgsql;

namespace Lethe.Benchmarks;

/// <summary>The generated shop: customers, orders, order lines, invoices and support tickets, indexed on identities and foreign keys.</summary>
internal sealed class Shop(string server, int people)
{
    public const string Schema = "bench_shop";

    /// <summary>The one customer with a hundred thousand support tickets, for the memory measurement.</summary>
    public long HeavyCustomer => people + 1L;

    public const int HeavyRows = 100_000;

    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(server) { SearchPath = Schema, MaxPoolSize = 20, CommandTimeout = 0 }.ConnectionString;

    public Manifest Manifest { get; } = ReadManifest();

    public Datastore Store => Manifest.Systems[0].Datastores[0];

    public SqlConnector Connector() => new(Manifest, "shop.db", Store, ConnectionString);

    public static string Email(long id) => $"person{id}@example.dk";

    public async Task<bool> ExistsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = @s", connection);
        command.Parameters.AddWithValue("s", Schema);
        return (long)(await command.ExecuteScalarAsync())! == 5 && (await CountsAsync())["customers"] == people + 1L;
    }

    public async Task GenerateAsync()
    {
        var n = people.ToString(CultureInfo.InvariantCulture);
        // Related rows are spread over customers by multiplicative hashing: uneven like real data, and repeatable.
        string[] statements =
        [
            $"DROP SCHEMA IF EXISTS {Schema} CASCADE",
            $"CREATE SCHEMA {Schema}",
            "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL, phone text, address text, birth_date date)",
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, ordered_at timestamptz NOT NULL, delivery_note text)",
            "CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint NOT NULL, product text NOT NULL, amount numeric(12,2) NOT NULL)",
            "CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint NOT NULL, invoice_date date NOT NULL, amount numeric(12,2) NOT NULL)",
            "CREATE TABLE support_tickets (id bigint PRIMARY KEY, customer_id bigint NOT NULL, body text, created_at timestamptz NOT NULL)",
            $"INSERT INTO customers SELECT g, 'Person ' || g, 'person' || g || '@example.dk', '+45' || (20000000 + g), 'Vej ' || (g % 300) || ', ' || (1000 + g % 8000) || ' By', date '1940-01-01' + (g % 25000)::int FROM generate_series(1::bigint, {n} + 1) g",
            $"INSERT INTO orders SELECT g, 1 + (g * 2654435761) % {n}, now() - (g % 2000) * interval '1 day', 'Leave at the door ' || g FROM generate_series(1::bigint, 3 * {n}) g",
            $"INSERT INTO order_lines SELECT g, 1 + (g * 40503) % (3 * {n}), 'Product ' || (g % 5000), (g % 10000) / 10.0 FROM generate_series(1::bigint, 4 * {n}) g",
            $"INSERT INTO invoices SELECT g, 1 + (g * 7919) % {n}, current_date - (g % 2500)::int, (g % 100000) / 10.0 FROM generate_series(1::bigint, 2 * {n}) g",
            $"INSERT INTO support_tickets SELECT g, 1 + (g * 104729) % {n}, 'Where is my parcel? ' || g, now() - (g % 1000) * interval '1 hour' FROM generate_series(1::bigint, {n}) g",
            $"INSERT INTO support_tickets SELECT {n} + g, {n} + 1, 'Ticket ' || g || ' from a very busy customer', now() FROM generate_series(1::bigint, {HeavyRows}) g",
            // Lethe compares e-mail addresses case-insensitively as lower(trim(email)); the index is on that expression (docs/manifest.md).
            "CREATE INDEX ON customers (lower(trim(email)))",
            "CREATE INDEX ON customers (phone)",
            "CREATE INDEX ON orders (customer_id)",
            "CREATE INDEX ON order_lines (order_id)",
            "CREATE INDEX ON invoices (customer_id)",
            "CREATE INDEX ON support_tickets (customer_id)",
            "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id)",
            "ALTER TABLE order_lines ADD FOREIGN KEY (order_id) REFERENCES orders (id)",
            "ALTER TABLE invoices ADD FOREIGN KEY (customer_id) REFERENCES customers (id)",
            "ALTER TABLE support_tickets ADD FOREIGN KEY (customer_id) REFERENCES customers (id)",
            "VACUUM ANALYZE",
        ];
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            // The schema's statements run with it as search path; a separate statement, since VACUUM refuses a batch.
            await using var command = new NpgsqlCommand(sql, connection);
            if (!sql.Contains(" SCHEMA ", StringComparison.Ordinal))
            {
                await using var path = new NpgsqlCommand($"SET search_path = {Schema}", connection);
                await path.ExecuteNonQueryAsync();
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            await command.ExecuteNonQueryAsync();
            Console.WriteLine($"  {started.Elapsed.TotalSeconds,6:F1} s  {(sql.Length > 90 ? sql[..90] + "…" : sql)}");
        }
    }

    public async Task<Dictionary<string, long>> CountsAsync()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "customers", "orders", "order_lines", "invoices", "support_tickets" })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }

        return counts;
    }

    private static Manifest ReadManifest()
    {
        using var stream = typeof(Shop).Assembly.GetManifestResourceStream("shop.yaml")!;
        using var reader = new StreamReader(stream);
        var read = ManifestReader.Read(reader.ReadToEnd(), "shop.yaml");
        return read.IsValid ? read.Manifest! : throw new InvalidOperationException(string.Join("\n", read.Errors));
    }
}
