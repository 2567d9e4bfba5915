using System.Data.Common;
using System.Globalization;
using Lethe.DataMap;
using Npgsql;

namespace Lethe.Samples;

/// <summary>
/// Builds a small demo database for one datastore of a manifest: its tables in reference order, typed columns, and
/// generated people, orders, invoices, calls and voicemails (small WAV files) spread over the last six years, so that
/// requests and retention have something real to work on. Deterministic for a given seed.
/// </summary>
public static class DemoDatastore
{
    private static readonly string[] FirstNames = ["Anne", "Mette", "Lars", "Søren", "Ingrid", "Kari", "Ole", "Bjørn", "Sofie", "Mads", "Astrid", "Jens", "Nora", "Henrik", "Åse", "Emil"];
    private static readonly string[] LastNames = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen", "Olsen", "Johansen", "Berg", "Haugen", "Kristiansen", "Sørensen", "Dahl", "Lund"];
    private static readonly string[] Streets = ["Vestergade", "Søndergade", "Storgata", "Kirkevej", "Bakkevej", "Strandvejen", "Skolegata", "Møllevej"];
    private static readonly string[] Languages = ["da", "da-DK", "nb", "no", "en", "English", "sv"];
    private static readonly string[] Cities = ["8000 Aarhus C", "2100 København Ø", "5000 Odense C", "0150 Oslo", "5003 Bergen", "9000 Aalborg"];

    public static Task<int> BuildAsync(DbConnection connection, Datastore store, int people, int seed, string filesDirectory, CancellationToken cancellationToken) =>
        BuildAsync(connection, store, people, seed, filesDirectory, TimeProvider.System.GetUtcNow(), cancellationToken);

    /// <param name="now">The day the generated history ends: tests on a fake clock build data that ends on its start.</param>
    public static async Task<int> BuildAsync(DbConnection connection, Datastore store, int people, int seed, string filesDirectory, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var postgres = connection is NpgsqlConnection;
        var ordered = ReferenceOrder.ParentsFirst(store.Collections);
        var ids = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var rows = 0;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var collection in ordered)
        {
            await ExecuteAsync(connection, transaction, CreateTable(collection, postgres), cancellationToken);
            var parent = collection.Fields.Select(f => f.References).FirstOrDefault(r => r is not null);
            var parentIds = parent is { } target ? ids.GetValueOrDefault(target.Collection) ?? [] : null;
            var owners = parentIds is null ? Enumerable.Range(0, people).Select(_ => (long?)null) : parentIds.SelectMany(p => Enumerable.Repeat((long?)p, random.Next(0, 5)));
            var created = new List<long>();
            long nextId = 1;
            foreach (var owner in owners.ToList())
            {
                var person = (First: FirstNames[random.Next(FirstNames.Length)], Last: LastNames[random.Next(LastNames.Length)]);
                var id = nextId++;
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                var columns = new List<string>();
                foreach (var field in collection.Fields)
                {
                    var value = field.Name == "id" ? id
                        : field.References is not null ? owner
                        : field.Name == collection.RestrictionFlag ? false
                        : Value(field, collection.Name, id, person, random, now.UtcDateTime, filesDirectory);
                    var parameter = insert.CreateParameter();
                    parameter.ParameterName = "@p" + columns.Count;
                    parameter.Value = value ?? DBNull.Value;
                    insert.Parameters.Add(parameter);
                    columns.Add(Quote(field.Name));
                }

                insert.CommandText = $"INSERT INTO {Quote(collection.Name)} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
                await insert.ExecuteNonQueryAsync(cancellationToken);
                created.Add(id);
                rows++;
            }

            ids[collection.Name] = created;
        }

        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private static object? Value(Field field, string table, long id, (string First, string Last) person, Random random, DateTime now, string files)
    {
        var name = field.Name;
        if (IsTime(name))
        {
            // Spread over six years, so some rows are past every retention period and some are not.
            return now.AddDays(-random.Next(0, 6 * 365)).AddMinutes(-random.Next(0, 1440));
        }

        return (field.Category, field.Identifies) switch
        {
            (_, "email") or ("contact.email", _) => $"{person.First}.{person.Last}{id}@example.dk".ToLowerInvariant().Replace("ø", "o", StringComparison.Ordinal).Replace("å", "aa", StringComparison.Ordinal),
            (_, "phone") or ("contact.phone", _) => $"+45 {random.Next(20, 99)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)}",
            (_, "customer_number") => $"K{10000 + id}",
            (_, "national_id") => $"{random.Next(1, 28):00}{random.Next(1, 12):00}{random.Next(40, 99)}-{random.Next(1000, 9999)}",
            (_, "extension") => (200 + id).ToString(CultureInfo.InvariantCulture),
            (_, "full_name") or ("contact.name", _) => $"{person.First} {person.Last}",
            ("contact.language", _) => Languages[random.Next(Languages.Length)],
            ("contact.address", _) => $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 120)}, {Cities[random.Next(Cities.Length)]}",
            ("identity.birth_date", _) => new DateTime(random.Next(1950, 2004), random.Next(1, 13), random.Next(1, 29), 0, 0, 0, DateTimeKind.Utc),
            ("identity.gender", _) => random.Next(2) == 0 ? "female" : "male",
            ("financial.invoice", _) or ("financial.salary", _) => Math.Round((decimal)(random.NextDouble() * 20000), 2),
            ("financial.payment", _) => $"PAY-{random.Next(100000, 999999)}",
            ("commerce.order_history", _) => $"{random.Next(1, 5)} × {(random.Next(2) == 0 ? "Abonnement" : "Konsulenttime")}",
            ("communication.inquiry", _) => "Hej, jeg vil gerne have et tilbud på jeres løsning.",
            ("communication.call_recording", _) or ("communication.voicemail", _) => AudioFile(files, table, id),
            ("technical.ip_address", _) => $"192.0.2.{random.Next(1, 255)}",
            ("marketing.preferences", _) => random.Next(3) == 0 ? "opted-out" : "newsletter",
            _ when name.EndsWith("_name", StringComparison.Ordinal) => $"{person.Last} ApS",
            _ => $"{name}-{id}",
        };
    }

    private static bool IsTime(string name) =>
        name.EndsWith("_at", StringComparison.Ordinal) || name.EndsWith("_date", StringComparison.Ordinal) || name.EndsWith("_on", StringComparison.Ordinal);

    private static string CreateTable(Collection collection, bool postgres)
    {
        var columns = collection.Fields.Select(f =>
        {
            var type = f.Name == "id" ? (postgres ? "bigint PRIMARY KEY" : "INTEGER PRIMARY KEY")
                : f.Name == collection.RestrictionFlag ? (postgres ? "boolean NOT NULL DEFAULT false" : "BOOLEAN NOT NULL DEFAULT 0")
                : f.References is { } target ? (postgres ? "bigint" : "INTEGER") + $" REFERENCES {Quote(target.Collection)}({Quote(target.Field)})"
                : IsTime(f.Name) || f.Category == "identity.birth_date" ? (postgres ? "timestamptz" : "TEXT")
                : f.Category is "financial.invoice" or "financial.salary" ? (postgres ? "numeric(12,2)" : "NUMERIC")
                : postgres ? "text" : "TEXT";
            return $"{Quote(f.Name)} {type}";
        });
        return $"CREATE TABLE {Quote(collection.Name)} ({string.Join(", ", columns)})";
    }

    // Names are checked against ^[A-Za-z_][A-Za-z0-9_]*$ by the manifest rules; quoting keeps reserved words working.
    private static string Quote(string identifier) => "\"" + identifier + "\"";

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Half a second of a 440 Hz tone as an 8 kHz, 8-bit mono WAV: small, but a real audio file.</summary>
    private static string AudioFile(string directory, string table, long id)
    {
        var folder = Path.Combine(directory, table);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{id}.wav");
        const int rate = 8000;
        var samples = rate / 2;
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8);
        writer.Write(36 + samples);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate);
        writer.Write((short)1);
        writer.Write((short)8);
        writer.Write("data"u8);
        writer.Write(samples);
        for (var i = 0; i < samples; i++)
        {
            writer.Write((byte)(128 + (100 * Math.Sin(2 * Math.PI * 440 * i / rate))));
        }

        return Path.Combine(table, $"{id}.wav");
    }
}
